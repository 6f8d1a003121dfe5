import { describe, expect, it } from 'vitest';
import { loadDivisions, parseAddress } from '../../native/geocode/address-parse.js';
import { resourcesDir } from '../support/resources.js';

const divisions = loadDivisions(resourcesDir);

const at = (address: string, defaultCity?: string): string | null => {
  const p = parseAddress(address, defaultCity, divisions);
  return p === null ? null : `${p.precision}:${p.city ?? ''}${p.name}:${p.adcode}`;
};

describe('address → district or city centroid', () => {
  it('reads province, city and district written out', () => {
    expect(at('浙江省杭州市西湖区文三路90号')).toBe('district:杭州市西湖区:330106');
    expect(at('中国浙江省杭州市余杭区五常街道')).toBe('district:杭州市余杭区:330110');
    expect(at('上海市浦东新区世纪大道100号')).toBe('district:上海市浦东新区:310115');
    expect(at('江苏省南京市鼓楼区中山路1号')).toBe('district:南京市鼓楼区:320106');
  });

  it('knows the 2021 districts and maps old addresses to them', () => {
    expect(at('浙江省杭州市临平区南苑街道')).toBe('district:杭州市临平区:330113');
    expect(at('钱塘区下沙街道6号大街')).toBe('district:杭州市钱塘区:330114');
    expect(at('杭州市余杭区临平街道人民大道')).toBe('district:杭州市临平区:330113');
    expect(at('杭州市江干区下沙经济开发区')).toBe('district:杭州市钱塘区:330114');
    expect(at('杭州市江干区凯旋路')).toBe('district:杭州市上城区:330102');
    expect(at('下城区武林广场', '杭州')).toBe('district:杭州市拱墅区:330105');
  });

  it('takes short names only where they cannot be something else', () => {
    expect(at('杭州西湖区古荡')).toBe('district:杭州市西湖区:330106');
    expect(at('杭州西湖文三路')).toBe('district:杭州市西湖区:330106');
    expect(at('浙江杭州滨江区')).toBe('district:杭州市滨江区:330108');
    // 西湖 alone is a lake (and 西湖文化广场 is in 拱墅区): no district without the suffix or the city.
    expect(at('西湖文化广场', '杭州')).toBeNull();
    expect(at('西湖区古荡', '杭州')).toBe('district:杭州市西湖区:330106');
    // 吉林大学 is not 吉林市; 吉林市 is not the province 吉林.
    expect(at('吉林大学')).toBeNull();
    expect(at('吉林市船营区')).toBe('city:吉林市:220200');
    expect(at('杭州大厦')).toBeNull();
  });

  it('falls back to the city where districts are not bundled, and needs the city for shared names', () => {
    expect(at('广东省广州市天河区体育西路')).toBe('city:广州市:440100');
    expect(at('广州天河')).toBe(null);
    expect(at('北京市朝阳区建国路')).toBe('city:北京市:110000');
    expect(at('鼓楼区中山路')).toBeNull();
    expect(at('鼓楼区中山路', '南京')).toBe('district:南京市鼓楼区:320106');
    expect(at('鼓楼区中山路', '徐州市')).toBe('district:徐州市鼓楼区:320302');
    // A project in 南昌 (no bundled districts): "西湖区" there is 南昌's, not 杭州's.
    expect(at('西湖区', '南昌')).toBeNull();
    expect(at('义乌市稠城街道')).toBe('district:金华市义乌市:330782');
    expect(at('文三路90号')).toBeNull();
    expect(at('')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { officeBuilding } from '../../native/analysis/office-building.js';

describe('the office building of a work place', () => {
  it.each([
    ['浙江省杭州市上城区钱江路1366号华润大厦A座2001室', '华润大厦'],
    ['杭州市西湖区文三路 90 号东部软件园 1 号楼 5 层', '东部软件园'],
    ['杭州市滨江区江南大道3880号华荣时代大厦', '华荣时代大厦'],
    ['杭州市上城区钱江新城来福士中心T2-1501', '钱江新城来福士中心'],
    ['上城区民心路100号万银国际（华润万象城对面）', '万银国际'],
    ['杭州市余杭区文一西路969号', null],
    ['杭州市拱墅区莫干山路', null],
    ['', null],
  ])('%s → %s', (address, expected) => {
    expect(officeBuilding(address, null)).toBe(expected);
  });

  it('falls back on an employer named after its building or park, not on an institution', () => {
    expect(officeBuilding(null, '海创园')).toBe('海创园');
    expect(officeBuilding(null, '阿里巴巴西溪园区')).toBe('阿里巴巴西溪园区');
    expect(officeBuilding(null, '杭州来福士中心')).toBe('杭州来福士中心');
    expect(officeBuilding(null, '杭州市疾病预防控制中心')).toBeNull();
    expect(officeBuilding(null, '恒生电子')).toBeNull();
    // The address wins over the name.
    expect(officeBuilding('杭州市上城区钱江路1366号华润大厦', '海创园')).toBe('华润大厦');
    expect(officeBuilding('杭州市余杭区文一西路969号', '海创园')).toBe('海创园');
  });
});

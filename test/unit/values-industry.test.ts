import { describe, expect, it } from 'vitest';
import {
  classifyOccupation,
  industryKeywords,
  industrySections,
  nonIndustry,
  normaliseIndustry,
} from '../../native/import/values/index.js';

const code = (text: string) => normaliseIndustry(text)?.section ?? null;

describe('industrySections', () => {
  it('lists the 20 sections A–T of GB/T 4754-2017 with official names', () => {
    expect(industrySections.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(industrySections[0]).toMatchObject({ code: 'A', name: '农、林、牧、渔业' });
    expect(industrySections.find((s) => s.code === 'I')?.name).toBe('信息传输、软件和信息技术服务业');
    expect(industrySections.find((s) => s.code === 'S')?.name).toBe('公共管理、社会保障和社会组织');
    expect(industrySections[19]).toMatchObject({ code: 'T', name: '国际组织' });
  });

  it('has a keyword dictionary of at least 120 distinct keywords, each in one section', () => {
    const all = Object.values(industryKeywords).flat();
    expect(all.length).toBeGreaterThanOrEqual(120);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('normaliseIndustry', () => {
  it('returns the section and its official name', () => {
    expect(normaliseIndustry('银行')).toEqual({ section: 'J', name: '金融业' });
    expect(normaliseIndustry('中学老师')).toEqual({ section: 'P', name: '教育' });
  });

  it('matches official names, old names and section letters first', () => {
    expect(code('金融业')).toBe('J');
    expect(code('批发和零售业')).toBe('F');
    expect(code('农林牧渔业')).toBe('A');
    expect(code('农、林、牧、渔业')).toBe('A');
    expect(code('J 金融业')).toBe('J');
    expect(code('K')).toBe('K');
    expect(code('Ｋ')).toBe('K');
    expect(code('公共管理和社会组织')).toBe('S');
    expect(code('信息传输、计算机服务和软件业')).toBe('I');
    expect(code('居民服务和其他服务业')).toBe('O');
    expect(code('卫生、社会保障和社会福利业')).toBe('Q');
    expect(code('电力、燃气及水的生产和供应业')).toBe('D');
    expect(code('卫生和社会工作')).toBe('Q');
    expect(code('国际组织')).toBe('T');
  });

  it('uses a fragment of exactly one official name', () => {
    expect(code('交通运输')).toBe('G');
    expect(code('社会工作')).toBe('Q');
    expect(code('公共管理')).toBe('S');
    // In several names, or empty of meaning: not a match.
    expect(code('服务业')).toBeNull();
    expect(code('其他')).toBeNull();
  });

  it.each([
    ['金融', 'J'], ['银行', 'J'], ['证券公司', 'J'], ['保险', 'J'], ['基金', 'J'], ['投资公司', 'J'], ['中国建设银行', 'J'], ['农业银行', 'J'], ['交通银行', 'J'],
    ['IT', 'I'], ['it行业', 'I'], ['互联网', 'I'], ['软件开发', 'I'], ['电商', 'I'], ['电子商务', 'I'], ['通信', 'I'], ['中国电信', 'I'], ['中国移动', 'I'], ['联通', 'I'], ['软件工程师', 'I'],
    ['房地产', 'K'], ['地产', 'K'], ['物业', 'K'], ['房产中介', 'K'], ['中介', 'K'],
    ['教师', 'P'], ['学校', 'P'], ['教育', 'P'], ['培训机构', 'P'], ['浙江大学', 'P'], ['医学院', 'P'],
    ['医生', 'Q'], ['医院', 'Q'], ['护士', 'Q'], ['医疗', 'Q'], ['卫生', 'Q'], ['社区医院', 'Q'],
    ['公务员', 'S'], ['政府', 'S'], ['机关', 'S'], ['事业单位', 'S'], ['街道', 'S'], ['社区', 'S'], ['教育局', 'S'], ['环保局', 'S'], ['基金会', 'S'],
    ['部队', 'S'], ['军人', 'S'], ['武警', 'S'], ['公安', 'S'],
    ['制造', 'C'], ['工厂', 'C'], ['汽车制造', 'C'], ['电子', 'C'], ['化工', 'C'], ['纺织', 'C'], ['服装厂', 'C'],
    ['贸易', 'F'], ['批发', 'F'], ['零售', 'F'], ['商贸', 'F'], ['外贸', 'F'], ['超市', 'F'], ['服装店', 'F'], ['汽车4S店', 'F'], ['社区超市', 'F'],
    ['建筑', 'E'], ['施工', 'E'], ['装修', 'E'], ['建材', 'E'],
    ['交通', 'G'], ['物流', 'G'], ['运输', 'G'], ['快递', 'G'], ['航空', 'G'], ['铁路', 'G'],
    ['餐饮', 'H'], ['酒店', 'H'], ['宾馆', 'H'],
    ['律师', 'L'], ['会计', 'L'], ['咨询', 'L'], ['广告', 'L'], ['租赁', 'L'],
    ['科研', 'M'], ['设计院', 'M'], ['检测', 'M'], ['建筑设计', 'M'], ['建筑设计院', 'M'],
    ['水利', 'N'], ['环保', 'N'], ['园林', 'N'],
    ['家政', 'O'], ['维修', 'O'], ['美容', 'O'],
    ['电力', 'D'], ['燃气', 'D'], ['自来水', 'D'], ['供电', 'D'], ['国家电网', 'D'],
    ['采矿', 'B'], ['煤矿', 'B'], ['石油', 'B'],
    ['农业', 'A'], ['养殖', 'A'], ['种植', 'A'],
    ['文化', 'R'], ['传媒', 'R'], ['体育', 'R'], ['娱乐', 'R'], ['影视', 'R'], ['出版', 'R'],
    ['联合国', 'T'],
  ])('files %s under %s', (text, section) => {
    expect(code(text)).toBe(section);
  });

  it('prefers the longest keyword, then the head noun at the end', () => {
    expect(code('电子商务公司')).toBe('I');
    expect(code('房地产投资')).toBe('K');
    expect(code('机关幼儿园')).toBe('P');
    expect(code('银行大厦物业')).toBe('K');
  });

  it('lets job-function words count only when nothing better matches', () => {
    expect(code('科技')).toBe('I');
    expect(code('生物科技')).toBe('M');
    expect(code('医院（事业单位）')).toBe('Q');
    expect(code('银行信息科技部')).toBe('J');
  });

  it('matches ASCII keywords as whole words only', () => {
    expect(code('security')).toBeNull();
    expect(code('IT/互联网')).toBe('I');
  });

  it('returns null for retired, students and the unemployed', () => {
    expect(normaliseIndustry('退休')).toBeNull();
    expect(normaliseIndustry('退休教师')).toBeNull();
    expect(normaliseIndustry('学生')).toBeNull();
    expect(normaliseIndustry('大学生')).toBeNull();
    expect(normaliseIndustry('无业')).toBeNull();
    expect(normaliseIndustry('全职太太')).toBeNull();
  });

  it('keeps 个体/私营 unclassified unless a trade is named', () => {
    expect(normaliseIndustry('个体')).toBeNull();
    expect(normaliseIndustry('个体户')).toBeNull();
    expect(normaliseIndustry('个体工商户')).toBeNull();
    expect(normaliseIndustry('私营业主')).toBeNull();
    expect(normaliseIndustry('自由职业')).toBeNull();
    expect(code('个体服装店')).toBe('F');
    expect(code('私营（餐饮）')).toBe('H');
  });

  it('returns null for text it cannot place', () => {
    expect(normaliseIndustry('')).toBeNull();
    expect(normaliseIndustry('   ')).toBeNull();
    expect(normaliseIndustry('销售')).toBeNull();
    expect(normaliseIndustry('不详')).toBeNull();
    expect(normaliseIndustry('其他')).toBeNull();
  });
});

describe('classifyOccupation', () => {
  it.each([
    ['退休', 'retired'], ['退休干部', 'retired'], ['离休', 'retired'], ['退休教师', 'retired'],
    ['学生', 'student'], ['在校大学生', 'student'], ['研究生', 'student'],
    ['无业', 'unemployed'], ['待业', 'unemployed'], ['家庭主妇', 'unemployed'], ['全职妈妈', 'unemployed'],
    ['个体', 'self-employed'], ['个体工商户', 'self-employed'], ['私营业主', 'self-employed'], ['自由职业者', 'self-employed'], ['做生意', 'self-employed'],
  ] as const)('classifies %s as %s', (text, cls) => {
    expect(classifyOccupation(text)).toBe(cls);
  });

  it('returns null for real industries and empty text', () => {
    expect(classifyOccupation('银行')).toBeNull();
    expect(classifyOccupation('')).toBeNull();
  });

  it('exposes the non-industry terms', () => {
    expect(nonIndustry.retired).toContain('退休');
    expect(nonIndustry['self-employed']).toContain('个体');
  });
});

import { describe, expect, it } from 'vitest';
import { guessStage, stageFromName } from '../../native/import/stage-guess.js';

describe('the import guesses 客户阶段 from the sheet or file name', () => {
  it.each([
    ['成交客户明细', 'deals'],
    ['2024年签约台账', 'deals'],
    ['认购登记表', 'deals'],
    ['网签明细', 'deals'],
    ['老业主名单', 'deals'],
    ['来访登记', 'visitors'],
    ['来访客户', 'visitors'],
    ['到访台账2024', 'visitors'],
    ['来电来访', 'visitors'],
    ['意向客户', 'visitors'],
    ['拓客登记', 'prospects'],
    ['拓客', 'prospects'],
    ['派单扫街记录', 'prospects'],
    ['客户登记', 'prospects'],
    ['外拓', 'field'],
    ['外拓拓客', 'field'],
    ['竞品客户', 'competitors'],
    ['竞品成交客户', 'competitors'],
    ['竞争对手来访', 'competitors'],
    ['Deals 2024', 'deals'],
    ['visitors', 'visitors'],
    ['Competitor buyers', 'competitors'],
    ['prospects', 'prospects'],
  ])('%s → %s', (name, stage) => {
    expect(stageFromName(name)).toBe(stage);
  });

  it.each(['Sheet1', '工作表1', '数据', '客户表', '杭州', '明细', 'export'])('%s says no stage', (name) => {
    expect(stageFromName(name)).toBeNull();
  });

  it('prefers the sheet name, falls back to the file name, and reads a CSV by its file only', () => {
    expect(guessStage('成交客户明细', '/data/来访.xlsx')).toEqual({ stage: 'deals', from: 'sheet', name: '成交客户明细' });
    expect(guessStage('Sheet1', '/data/云栖-来访登记.xlsx')).toEqual({ stage: 'visitors', from: 'file', name: '云栖-来访登记' });
    expect(guessStage('Sheet1', 'C:\\数据\\竞品客户.xlsx')).toEqual({ stage: 'competitors', from: 'file', name: '竞品客户' });
    expect(guessStage(null, '/data/拓客.csv')).toEqual({ stage: 'prospects', from: 'file', name: '拓客' });
    expect(guessStage('Sheet1', '/data/客户.xlsx')).toBeNull();
  });
});

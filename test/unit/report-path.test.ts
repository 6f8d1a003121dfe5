import { describe, expect, it } from 'vitest';
import { isUploadedPath } from '../../native/contract/static-paths.js';
import { defaultReportPath } from '../../renderer/features/import/report-path.js';

describe("the import report's default place", () => {
  it('sits beside the data file the planner chose', () => {
    expect(defaultReportPath('/home/w/数据/来访登记.xlsx', '/home/w/项目/西湖.ketu')).toBe('/home/w/数据/来访登记-导入报告.xlsx');
    expect(defaultReportPath('C:\\数据\\成交.csv', null)).toBe('C:\\数据\\成交-导入报告.xlsx');
  });

  it("goes beside the project for an uploaded sheet, whose temp folder the host removes when it stops", () => {
    const uploaded = '/tmp/ketu-uploads-Ab12/3/来访登记.xlsx';
    expect(isUploadedPath(uploaded)).toBe(true);
    expect(isUploadedPath('/home/w/ketu-uploads.xlsx')).toBe(false);
    expect(defaultReportPath(uploaded, '/home/w/项目/西湖.ketu')).toBe('/home/w/项目/来访登记-导入报告.xlsx');
  });
});

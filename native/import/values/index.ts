// The value parsers of the importer: each turns one cell into a value or a reason in Chinese.
export type { Parsed } from './parse-result.js';
export { ok, fail } from './parse-result.js';
export { parseDate, excelSerialToIso } from './dates.js';
export { parseNumber, parseArea, parsePrice } from './numbers.js';
export type { PhoneNumbers } from './phones.js';
export { normalisePhone, maskPhone } from './phones.js';
export type { SectionCode, IndustrySection, OccupationClass } from './industry.js';
export { industrySections, industryKeywords, nonIndustry, normaliseIndustry, classifyOccupation } from './industry.js';
export type { Gender, AgeBand, AgeValue } from './people.js';
export { parseGender, parseAge, ageBand, ageBands } from './people.js';
export { toHalfWidth, cellText } from './text.js';

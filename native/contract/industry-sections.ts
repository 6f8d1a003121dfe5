/**
 * The 20 sections (门类) of GB/T 4754-2017 国民经济行业分类, with their official names: what a place's
 * `industry` holds after import (the section's Chinese name). Shared by the importer and the map's palette.
 */
export const industrySections = [
  { code: 'A', name: '农、林、牧、渔业', en: 'Agriculture, forestry, fishing' },
  { code: 'B', name: '采矿业', en: 'Mining' },
  { code: 'C', name: '制造业', en: 'Manufacturing' },
  { code: 'D', name: '电力、热力、燃气及水生产和供应业', en: 'Utilities' },
  { code: 'E', name: '建筑业', en: 'Construction' },
  { code: 'F', name: '批发和零售业', en: 'Wholesale and retail' },
  { code: 'G', name: '交通运输、仓储和邮政业', en: 'Transport, storage, post' },
  { code: 'H', name: '住宿和餐饮业', en: 'Hotels and catering' },
  { code: 'I', name: '信息传输、软件和信息技术服务业', en: 'Information technology' },
  { code: 'J', name: '金融业', en: 'Finance' },
  { code: 'K', name: '房地产业', en: 'Real estate' },
  { code: 'L', name: '租赁和商务服务业', en: 'Leasing and business services' },
  { code: 'M', name: '科学研究和技术服务业', en: 'Research and technical services' },
  { code: 'N', name: '水利、环境和公共设施管理业', en: 'Water, environment, public facilities' },
  { code: 'O', name: '居民服务、修理和其他服务业', en: 'Household and other services' },
  { code: 'P', name: '教育', en: 'Education' },
  { code: 'Q', name: '卫生和社会工作', en: 'Health and social work' },
  { code: 'R', name: '文化、体育和娱乐业', en: 'Culture, sports, entertainment' },
  { code: 'S', name: '公共管理、社会保障和社会组织', en: 'Public administration' },
  { code: 'T', name: '国际组织', en: 'International organisations' },
] as const;

export type SectionCode = (typeof industrySections)[number]['code'];

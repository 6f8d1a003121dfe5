/**
 * The office building (写字楼) a work place is in, read from its address (单位地址), else from the employer's
 * name when that names a building or park itself (杭州来福士中心, 海创园). Sheets hold no building column;
 * planners rank buildings to find where to hold events and put up posters, so an approximate, readable
 * key is worth more than none. Null when nothing building-like is found.
 */
export function officeBuilding(address: string | null, name: string | null): string | null {
  return (address === null ? null : fromAddress(address)) ?? (name === null ? null : fromName(name));
}

/** Words that end a building's or park's name in Chinese addresses. */
const SUFFIXES = '大厦|大楼|写字楼|商务楼|商务中心|中心|广场|科技园|产业园|软件园|创业园|创意园|创园|孵化园|园区|金融城|财富中心|大夏';
/** In an employer's name, 中心 is usually an institution (疾控中心, 数据中心), not a building. */
const NAME_SUFFIX = /(?:大厦|大楼|写字楼|商务楼|广场|科技园|产业园|软件园|创业园|创意园|创园|孵化园|园区|金融城|来福士中心|国际金融中心)$/;

const ADMIN = /^(?:[^省市]{2,7}(?:省|自治区))?(?:[^市]{2,8}?市)?(?:[^区县市]{1,8}?(?:新区|区|县))?(?:[^街镇]{2,8}?(?:街道|镇|乡))?/;
/** A road and door number: 钱江路1366号, 文三路 90 号, 江南大道3880号. */
const DOOR = /^.*?(?:路|街|大道|道|巷|弄|大街)\d+(?:-\d+)?号/;
/** Where the building's name stops: a tower, floor, unit or bracket. */
const UNIT = /(?:[A-Za-z]?\d*[座栋幢]|[A-Za-z]?\d+(?:号楼|楼|层|F|室)|[-—–(（,，、]|\d{2,}).*$/;
const BUILDING = new RegExp(`([\\u4e00-\\u9fffA-Za-z0-9·]{1,16}?(?:${SUFFIXES}))`);

function clean(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

function fromAddress(raw: string): string | null {
  const text = clean(raw);
  if (text === '') return null;
  const rest = text.replace(ADMIN, '');
  const afterDoor = rest.replace(DOOR, '');
  // After the door number comes the building itself (钱江路1366号华润大厦A座): cut its unit part off.
  if (afterDoor !== rest) {
    const building = afterDoor.replace(UNIT, '');
    if (building.length >= 2 && !/^\d/.test(building)) return building;
  }
  // No door number: the first run ending in a building word (钱江新城来福士中心T2-1501).
  const match = BUILDING.exec(rest);
  if (match?.[1] === undefined) return null;
  const name = match[1].replace(/^.*?(?:路|街|大道|巷|弄)(?=[^路街道巷弄]{2,})/, '');
  return name.length >= 3 ? name : null;
}

function fromName(raw: string): string | null {
  const text = clean(raw);
  return NAME_SUFFIX.test(text) ? text : null;
}

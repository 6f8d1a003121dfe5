import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a free-text address lies at the level of its 区县 or city, from the bundled division labels. */
export interface ParsedPlace {
  lng: number;
  lat: number;
  precision: 'district' | 'city';
  /** The division's own name: 西湖区, 杭州市. */
  name: string;
  adcode: string;
  /** The city a district belongs to (上海市 for its districts); null for a city result. */
  city: string | null;
  /** What was read, for the review list: "杭州市西湖区", "余杭区→临平区（2021 年区划调整）". */
  matched: string;
}

type Level = 'province' | 'city' | 'district';

interface Division {
  name: string;
  short: string | null;
  level: Level;
  adcode: string;
  lng: number;
  lat: number;
  /** Districts: their city's name. */
  city: string | null;
}

export interface Divisions {
  provinces: Division[];
  cities: Division[];
  districts: Division[];
  citiesByName: Map<string, Division>;
  /** Two-digit province codes whose districts are bundled (上海, 江苏, 浙江, 安徽). */
  districtProvinces: Set<string>;
}

/** Municipalities: the province is also the city. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/** Strips a suffix for the short form, keeping at least two characters ("西湖区" → "西湖", never "X区" → "X"). */
function shortName(name: string, suffixes: readonly string[]): string | null {
  for (const s of suffixes) {
    if (name.endsWith(s) && name.length - s.length >= 2) return name.slice(0, -s.length);
  }
  return null;
}

const cached = new Map<string, Divisions>();

/** Reads the resources folder's `basemap/labels.geojson` once: one point per province, city and (Yangtze-delta) district. */
export function loadDivisions(resourcesDir: string): Divisions {
  const path = join(resourcesDir, 'basemap', 'labels.geojson');
  const known = cached.get(path);
  if (known !== undefined) return known;
  const json = JSON.parse(readFileSync(path, 'utf8')) as {
    features: Array<{ properties: { name: string; level: Level; adcode: string; short?: string; city?: string }; geometry: { coordinates: [number, number] } }>;
  };
  const all: Division[] = json.features.map((f) => {
    const p = f.properties;
    const short = p.level === 'province' ? (p.short ?? null) : p.level === 'city' ? shortName(p.name, ['市', '地区', '盟']) : shortName(p.name, ['自治县', '区', '县', '市']);
    return { name: p.name, short, level: p.level, adcode: p.adcode, lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], city: p.city ?? null };
  });
  const districts = all.filter((d) => d.level === 'district');
  const cities = all.filter((d) => d.level === 'city');
  const divisions: Divisions = {
    provinces: all.filter((d) => d.level === 'province'),
    cities,
    districts,
    citiesByName: new Map(cities.map((c) => [c.name, c])),
    districtProvinces: new Set(districts.map((d) => d.adcode.slice(0, 2))),
  };
  cached.set(path, divisions);
  return divisions;
}

/**
 * 杭州's 2021 re-division: 江干区 and 下城区 are gone, 临平区 and 钱塘区 are new. Old addresses name the
 * old district; the street decides where the place is now.
 */
const RENAMED: Array<{ old: string; city: string; rules: Array<{ streets: RegExp; now: string }>; otherwise: string | null }> = [
  { old: '余杭区', city: '杭州市', rules: [{ streets: /临平|南苑|东湖|星桥|运河|乔司|崇贤|塘栖/, now: '临平区' }], otherwise: null },
  { old: '萧山区', city: '杭州市', rules: [{ streets: /河庄|义蓬|新湾|临江|前进/, now: '钱塘区' }], otherwise: null },
  { old: '江干区', city: '杭州市', rules: [{ streets: /下沙|白杨/, now: '钱塘区' }], otherwise: '上城区' },
  { old: '下城区', city: '杭州市', rules: [], otherwise: '拱墅区' },
];

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/^中国/, '');
}

/** The longest name (full, or short when allowed) that `text` starts with at `pos`. */
function matchAt(text: string, pos: number, candidates: readonly Division[], allowShort: boolean): { division: Division; length: number; short: boolean } | null {
  let best: { division: Division; length: number; short: boolean } | null = null;
  for (const d of candidates) {
    if (text.startsWith(d.name, pos) && (best === null || d.name.length > best.length)) best = { division: d, length: d.name.length, short: false };
    if (allowShort && d.short !== null && text.startsWith(d.short, pos) && (best === null || d.short.length > best.length)) {
      best = { division: d, length: d.short.length, short: true };
    }
  }
  return best;
}

function resolveCity(divisions: Divisions, name: string | undefined): Division | null {
  if (name === undefined) return null;
  const n = normalise(name);
  if (n === '') return null;
  return divisions.citiesByName.get(n) ?? divisions.cities.find((c) => c.short === n) ?? null;
}

function cityResult(city: Division, matched: string): ParsedPlace {
  return { lng: city.lng, lat: city.lat, precision: 'city', name: city.name, adcode: city.adcode, city: null, matched };
}

function districtResult(d: Division, matched: string): ParsedPlace {
  return { lng: d.lng, lat: d.lat, precision: 'district', name: d.name, adcode: d.adcode, city: d.city, matched };
}

/**
 * Reads 省/市/区县 from the start of a Chinese address and returns the district's (or else the city's)
 * label point. Short names count only where they cannot be something else: a short city (杭州) must be
 * followed by one of its districts or come after its province; a short district (西湖) only right after
 * its city is written out, since "西湖文化广场" is a square in 拱墅区, not in 西湖区. `defaultCity`
 * (the project's city) only settles a district name two cities share (鼓楼区); it is never the answer
 * here: the geocoder falls back to it last (`projectCityCentre`), flagged for review.
 */
export function parseAddress(address: string, defaultCity: string | undefined, divisions: Divisions): ParsedPlace | null {
  const text = normalise(address);
  if (text === '') return null;
  let pos = 0;
  let province: Division | null = null;
  let city: Division | null = null;
  let cityWritten = false;

  // A city's full name first: "吉林市…" is the city, not the province 吉林 followed by "市".
  const fullCity = matchAt(text, 0, divisions.cities, false);
  const fullProvince = matchAt(text, 0, divisions.provinces, false);
  if (fullProvince !== null && (fullCity === null || fullProvince.length >= fullCity.length)) {
    province = fullProvince.division;
    pos = fullProvince.length;
  } else if (fullCity === null) {
    const shortProvince = matchAt(text, 0, divisions.provinces, true);
    if (shortProvince !== null && text[shortProvince.length] !== '市') {
      province = shortProvince.division;
      pos = shortProvince.length;
    }
  }
  const provinceCode = province?.adcode.slice(0, 2) ?? null;
  if (province !== null && provinceCode !== null && MUNICIPALITIES.has(provinceCode)) {
    city = divisions.citiesByName.get(province.name) ?? null;
    cityWritten = city !== null;
    // "上海市上海市…" / "北京北京市…": skip a repeated city name.
    const again = city === null ? null : matchAt(text, pos, [city], true);
    if (again !== null) pos += again.length;
  } else {
    const candidates = provinceCode === null ? divisions.cities : divisions.cities.filter((c) => c.adcode.startsWith(provinceCode));
    const m = matchAt(text, pos, candidates, true);
    if (m !== null) {
      const after = pos + m.length;
      const districtFollows = matchAt(text, after, divisions.districts.filter((d) => d.city === m.division.name), true) !== null;
      if (!m.short || province !== null || districtFollows || after === text.length) {
        city = m.division;
        cityWritten = true;
        pos = after;
      }
    }
  }

  const context = city ?? resolveCity(divisions, defaultCity);
  const found = findDistrict(divisions, text, pos, city, cityWritten, province, context);
  if (found !== null) return found;
  if (city !== null) return cityResult(city, province === null || province.name === city.name ? city.name : `${province.name}${city.name}`);
  return null;
}

function findDistrict(
  divisions: Divisions,
  text: string,
  pos: number,
  city: Division | null,
  cityWritten: boolean,
  province: Division | null,
  context: Division | null,
): ParsedPlace | null {
  const provinceCode = province?.adcode.slice(0, 2) ?? null;
  const pool = city !== null ? divisions.districts.filter((d) => d.city === city.name) : provinceCode !== null ? divisions.districts.filter((d) => d.adcode.startsWith(provinceCode)) : divisions.districts;
  const prefix = city === null ? (province?.name ?? '') : province === null || province.name === city.name ? city.name : `${province.name}${city.name}`;

  // Abolished names first: "余杭区临平街道" is 临平区 now, even though 余杭区 still exists.
  for (const r of RENAMED) {
    if (city !== null && city.name !== r.city) continue;
    const short = r.old.slice(0, -1);
    const at = text.startsWith(r.old, pos) ? r.old.length : cityWritten && city?.name === r.city && text.startsWith(short, pos) ? short.length : 0;
    if (at === 0) continue;
    if (provinceCode !== null && provinceCode !== '33') continue;
    // Named without its city: the same rule as for any district (see `accept`).
    if (city === null && context !== null && context.name !== r.city && !divisions.districtProvinces.has(context.adcode.slice(0, 2))) continue;
    const rest = text.slice(pos + at);
    const now = r.rules.find((rule) => rule.streets.test(rest))?.now ?? r.otherwise;
    if (now === null) break;
    const target = divisions.districts.find((d) => d.name === now && d.city === r.city);
    if (target !== undefined) return districtResult(target, `${prefix}${r.old}→${now}（2021 年区划调整）`);
  }

  const m = matchAt(text, pos, pool, cityWritten);
  if (m !== null) {
    const same = pool.filter((d) => d.name === m.division.name);
    if (same.length === 1) return accept(divisions, m.division, city, context, prefix);
    const inContext = same.filter((d) => d.city === context?.name);
    const only = inContext[0];
    // 鼓楼区 (南京, 徐州), 普陀区 (上海, 舟山): only the project's city can tell them apart.
    return inContext.length === 1 && only !== undefined ? districtResult(only, `${only.city ?? ''}${only.name}`) : null;
  }
  // "杭州市文三路90号（西湖区）": a full district name of the written city, anywhere after it.
  if (city !== null) {
    let best: { d: Division; at: number } | null = null;
    for (const d of pool) {
      const at = text.indexOf(d.name, pos);
      if (at >= 0 && (best === null || at < best.at)) best = { d, at };
    }
    if (best !== null) return districtResult(best.d, `${prefix}…${best.d.name}`);
  }
  return null;
}

/** A district named without its city is trusted only where our district data covers the project's city. */
function accept(divisions: Divisions, d: Division, city: Division | null, context: Division | null, prefix: string): ParsedPlace | null {
  if (city === null && context !== null && d.city !== context.name && !divisions.districtProvinces.has(context.adcode.slice(0, 2))) return null;
  return districtResult(d, `${prefix || (d.city ?? '')}${d.name}`);
}

/**
 * The project's city centre: the worst place a named place can get (网易 with no address, in a 杭州
 * project). Better on the review list at the city centre than dropped; null when the city is unknown.
 */
export function projectCityCentre(defaultCity: string | undefined, divisions: Divisions): ParsedPlace | null {
  const city = resolveCity(divisions, defaultCity);
  if (city === null) return null;
  // A city's label point is the middle of its whole territory (杭州's lies in 淳安's hills); the first
  // district by code is the old urban core (上城区, 玄武区), where an unknown employer most likely is.
  const core = divisions.districts.filter((d) => d.city === city.name).sort((a, b) => (a.adcode < b.adcode ? -1 : 1))[0];
  const at = core ?? city;
  return { ...cityResult(city, `${city.name}（名称未识别，暂放在项目城市中心${core === undefined ? '' : ` ${core.name}`}）`), lng: at.lng, lat: at.lat };
}

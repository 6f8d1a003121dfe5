import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** The bundled 区县 boundaries (resources/basemap/districts.geojson), keyed as places' city + district. */
export interface DistrictShapes {
  features: ReadonlyArray<Feature<Polygon | MultiPolygon, DistrictProps>>;
  byKey: ReadonlyMap<string, number>;
}

export interface DistrictProps {
  name: string;
  city: string;
  adcode: string;
}

/** District names repeat across China (鼓楼区 …): the city makes the key unique. */
export function districtKey(city: string, district: string): string {
  return `${city}|${district}`;
}

export function districtShapes(collection: FeatureCollection): DistrictShapes {
  const features = collection.features.filter(
    (f): f is Feature<Polygon | MultiPolygon, DistrictProps> =>
      (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon') && typeof f.properties?.name === 'string' && typeof f.properties.city === 'string',
  );
  const byKey = new Map<string, number>();
  features.forEach((f, i) => byKey.set(districtKey(f.properties.city, f.properties.name), i));
  return { features, byKey };
}

let loading: Promise<DistrictShapes> | null = null;

/** Fetched once per page from where the basemap is served (the same file the basemap draws). */
export function loadDistrictShapes(baseUrl: string): Promise<DistrictShapes> {
  loading ??= fetch(`${baseUrl.replace(/\/+$/, '')}/basemap/districts.geojson`)
    .then((r) => {
      if (!r.ok) throw new Error(`districts.geojson: HTTP ${r.status}`);
      return r.json() as Promise<FeatureCollection>;
    })
    .then(districtShapes)
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}

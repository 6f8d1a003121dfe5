// Shapes drawn over the basemap, shifted into its system (display-crs.ts) once per shape set.
import { displayRing, fromDisplay, toDisplay } from '../../native/contract/index.js';
import type { Area, AreaShape, DisplayCrs } from '../../native/contract/index.js';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { DistrictShapes } from './layers/district-shapes.js';

function ring(positions: readonly Position[], crs: DisplayCrs): Position[] {
  return displayRing(positions.map((p): [number, number] => [p[0] ?? 0, p[1] ?? 0]), crs);
}

export function displayGeometry<G extends Polygon | MultiPolygon>(geometry: G, crs: DisplayCrs): G {
  if (crs === 'wgs84') return geometry;
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: geometry.coordinates.map((r) => ring(r, crs)) };
  return { ...geometry, coordinates: geometry.coordinates.map((poly) => poly.map((r) => ring(r, crs))) };
}

const shiftedDistricts = new WeakMap<DistrictShapes, DistrictShapes>();

/** The bundled 区县 boundaries as drawn on a GCJ-02 basemap (the same object for WGS-84). */
export function displayDistrictShapes(shapes: DistrictShapes, crs: DisplayCrs): DistrictShapes {
  if (crs === 'wgs84') return shapes;
  const cached = shiftedDistricts.get(shapes);
  if (cached !== undefined) return cached;
  const out: DistrictShapes = { byKey: shapes.byKey, features: shapes.features.map((f) => ({ ...f, geometry: displayGeometry(f.geometry, crs) })) };
  shiftedDistricts.set(shapes, out);
  return out;
}

/** A saved area (WGS-84) as drawn on the basemap: ring and circle centre shifted. */
export function displayArea<A extends Pick<Area, 'ring' | 'center'>>(area: A, crs: DisplayCrs): A {
  if (crs === 'wgs84') return area;
  const center = area.center === null ? null : toDisplay(area.center.lng, area.center.lat, crs);
  return { ...area, ring: displayRing(area.ring, crs), center: center === null ? null : { lng: center[0], lat: center[1] } };
}

/** A shape drawn on the basemap (terra-draw, clicks) as stored, WGS-84; circle radii are unchanged. */
export function storedShape(shape: AreaShape, crs: DisplayCrs): AreaShape {
  if (crs === 'wgs84') return shape;
  if (shape.kind === 'circle') {
    const [lng, lat] = fromDisplay(shape.lng, shape.lat, crs);
    return { ...shape, lng, lat };
  }
  return { ...shape, ring: shape.ring.map(([lng, lat]) => fromDisplay(lng, lat, crs)) };
}

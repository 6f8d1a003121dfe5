import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { TerraDraw, TerraDrawCircleMode, TerraDrawFreehandMode, TerraDrawPolygonMode, TerraDrawRectangleMode, TerraDrawSelectMode } from 'terra-draw';
import type { GeoJSONStoreFeatures, SnapToCustom } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { DisplayCrs } from '../../native/contract/display-crs.js';
import type { Area, AreaShape } from '../../native/contract/methods.js';
import { DistrictSnapper } from './district-snap.js';

/** The drawing tools of the area panel; `pick` takes one click as a point (centre of rings, catchment). */
export const drawTools = ['select', 'polygon', 'rectangle', 'circle', 'freehand'] as const;
export type DrawTool = (typeof drawTools)[number] | 'pick';

export interface DrawCallbacks {
  /** A new shape was drawn (or a typed-radius circle placed); the control has already cleared it. */
  onDrawn(shape: AreaShape): void;
  /** The edited area was moved, reshaped or resized. */
  onEdited(areaId: number, shape: AreaShape): void;
  /** The planner clicked away from the edited area. */
  onDeselect(areaId: number): void;
  /** A click in `pick` tool. */
  onPick(at: { lng: number; lat: number }): void;
}

type Position = [number, number];
const EARTH_RADIUS_M = 6_371_008.8;
const STROKE = '#1d4ed8';
const FILL = '#60a5fa';

function distanceM(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/** A terra-draw polygon as KeTu's shape: circles become centre + radius (vertex mean, mean distance). */
export function shapeOfFeature(feature: GeoJSONStoreFeatures): AreaShape | null {
  if (feature.geometry.type !== 'Polygon') return null;
  const ring = (feature.geometry.coordinates[0] ?? []).map((p): Position => [p[0] ?? 0, p[1] ?? 0]);
  if (feature.properties.mode !== 'circle') return { kind: 'polygon', ring };
  const corners = ring.slice(0, -1);
  if (corners.length === 0) return null;
  const center: Position = [corners.reduce((s, p) => s + p[0], 0) / corners.length, corners.reduce((s, p) => s + p[1], 0) / corners.length];
  const radiusM = corners.reduce((s, p) => s + distanceM(center, p), 0) / corners.length;
  return { kind: 'circle', lng: center[0], lat: center[1], radiusM: Math.round(radiusM) };
}

/**
 * terra-draw on the MapLibre map: its layers sit in MapLibre, under deck.gl's canvas, but deck's canvas lets
 * pointer events through, so handles stay usable; the area being edited is left out of the deck layers.
 * A saved area is loaded into terra-draw only while it is edited; the engine remains the only store.
 */
export class DrawControl {
  private readonly draw: TerraDraw;
  private tool: DrawTool = 'select';
  private radiusM: number | null = null;
  private editing: number | null = null;
  private readonly snapper = new DistrictSnapper();
  private snap = false;
  private readonly onMapClick = (e: MapMouseEvent): void => this.mapClick(e);

  constructor(
    private readonly map: MapLibreMap,
    private readonly callbacks: DrawCallbacks,
  ) {
    const snapping = { toCustom: ((event, ctx) => (this.snap ? this.snapper.snap(event, ctx) : undefined)) satisfies SnapToCustom };
    const styles = { fillColor: FILL, fillOpacity: 0.25, outlineColor: STROKE, outlineWidth: 2 } as const;
    let sketches = 0;
    this.draw = new TerraDraw({
      // Saved areas enter under `ketu-area-<id>`; sketches get ids of their own (the default accepts UUIDs only).
      idStrategy: { isValidId: (id) => typeof id === 'string' && id !== '', getId: () => `ketu-sketch-${++sketches}` },
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 7 }),
      modes: [
        // Validation is the engine's (area-shape.ts): a crossing polygon closes here and is refused with its message.
        new TerraDrawPolygonMode({ snapping, styles: { ...styles, closingPointColor: STROKE, coordinatePointColor: STROKE } }),
        new TerraDrawRectangleMode({ styles }),
        new TerraDrawCircleMode({ styles, segments: 64 }),
        new TerraDrawFreehandMode({ styles, minDistance: 12 }),
        new TerraDrawSelectMode({
          allowManualSelection: false,
          keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
          flags: {
            polygon: { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } },
            circle: { feature: { draggable: true, coordinates: { resizable: 'center-fixed' } } },
          },
          styles: { selectedPolygonColor: FILL, selectedPolygonFillOpacity: 0.3, selectedPolygonOutlineColor: STROKE, selectedPolygonOutlineWidth: 3, selectionPointColor: '#ffffff', selectionPointOutlineColor: STROKE, selectionPointWidth: 5, selectionPointOutlineWidth: 2, midPointColor: STROKE },
        }),
      ],
    });
    this.draw.on('finish', (id, ctx) => this.finished(id, ctx.action));
    this.draw.on('deselect', (id) => {
      if (!this.replacing && this.editing !== null && id === this.featureId(this.editing)) callbacks.onDeselect(this.editing);
    });
    map.on('click', this.onMapClick);
    this.startWhenReady();
  }

  /** terra-draw adds sources and layers, which needs a loaded style; the map may have loaded long ago or not yet. */
  private startWhenReady(): void {
    if (this.destroyed) return;
    if (this.map.isStyleLoaded() === true) {
      this.start();
      return;
    }
    this.map.once('idle', () => this.startWhenReady());
    this.map.triggerRepaint();
  }

  private destroyed = false;

  private started = false;
  /** Set while edit() swaps the loaded area: terra-draw's deselect then is ours, not the planner's. */
  private replacing = false;

  private start(): void {
    if (this.started) return;
    this.draw.start();
    this.started = true;
    this.applyTool();
  }

  destroy(): void {
    this.destroyed = true;
    this.map.off('click', this.onMapClick);
    if (this.started) this.draw.stop();
    this.started = false;
  }

  /** A typed radius (metres) turns the circle tool into one click per circle; null = drag or click-move. */
  setTool(tool: DrawTool, radiusM: number | null): void {
    this.tool = tool;
    this.radiusM = radiusM;
    this.applyTool();
  }

  /** Resolves when snapping works (the boundaries are loaded on first use), onto boundaries drawn in `crs`. */
  setSnap(on: boolean, crs: DisplayCrs): Promise<void> {
    this.snap = on;
    return on ? this.snapper.load(crs) : Promise.resolve();
  }

  /** Whether a shape is half drawn (Esc cancels it rather than leaving the tool). */
  isDrawing(): boolean {
    return this.started && this.draw.getModeState() === 'drawing';
  }

  /** Drops a half-drawn shape. */
  cancel(): void {
    if (this.started) this.applyTool();
  }

  /** Loads one saved area for editing (select tool), or none. */
  edit(area: Area | null): void {
    if (!this.started) return;
    const previous = this.editing;
    this.editing = area?.id ?? null;
    this.replacing = true;
    try {
      if (previous !== null && this.draw.hasFeature(this.featureId(previous))) this.draw.removeFeatures([this.featureId(previous)]);
      if (area !== null) this.load(area);
    } finally {
      this.replacing = false;
    }
  }

  private load(area: Area): void {
    const isCircle = area.kind === 'circle' && area.radiusM !== null;
    const feature: GeoJSONStoreFeatures = {
      id: this.featureId(area.id),
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [area.ring.map((p) => [p[0], p[1]])] },
      properties: isCircle ? { mode: 'circle', radiusKilometers: (area.radiusM ?? 0) / 1000 } : { mode: 'polygon' },
    };
    const [result] = this.draw.addFeatures([feature]);
    if (result?.valid === true) {
      if (this.draw.getMode() !== 'select') this.draw.setMode('select');
      this.draw.selectFeature(this.featureId(area.id));
    }
  }

  /** Whether a point lies on the area being edited (a click there belongs to terra-draw, not to the areas under it). */
  isOnEdited(at: readonly [number, number]): boolean {
    if (!this.started || this.editing === null) return false;
    const id = this.featureId(this.editing);
    return this.draw.getFeaturesAtLngLat({ lng: at[0], lat: at[1] }).some((f) => f.id === id);
  }

  private featureId(areaId: number): string {
    return `ketu-area-${areaId}`;
  }

  private applyTool(): void {
    if (!this.started) return;
    const oneClick = this.tool === 'pick' || (this.tool === 'circle' && this.radiusM !== null);
    const mode = oneClick ? 'static' : this.tool;
    // Re-entering the same mode drops whatever was half drawn.
    this.draw.setMode('static');
    if (mode !== 'static') this.draw.setMode(mode);
    this.map.getCanvas().style.cursor = oneClick ? 'crosshair' : '';
    if (this.editing !== null && mode === 'select' && this.draw.hasFeature(this.featureId(this.editing))) this.draw.selectFeature(this.featureId(this.editing));
  }

  private mapClick(e: MapMouseEvent): void {
    const at = { lng: e.lngLat.lng, lat: e.lngLat.lat };
    if (this.tool === 'pick') this.callbacks.onPick(at);
    else if (this.tool === 'circle' && this.radiusM !== null) this.callbacks.onDrawn({ kind: 'circle', lng: at.lng, lat: at.lat, radiusM: this.radiusM });
  }

  private finished(id: string | number, action: string): void {
    const feature = this.draw.getSnapshotFeature(id);
    if (feature === undefined) return;
    const shape = shapeOfFeature(feature);
    if (action === 'draw') {
      // The engine stores the area and deck.gl draws it; terra-draw only held the sketch. Removed after
      // terra-draw has finished handling the click: removed inside its own callback, the sketch stays drawn.
      setTimeout(() => {
        if (this.started && this.draw.hasFeature(id)) this.draw.removeFeatures([id]);
      }, 0);
      if (shape !== null) this.callbacks.onDrawn(shape);
      return;
    }
    if (this.editing !== null && id === this.featureId(this.editing) && shape !== null) this.callbacks.onEdited(this.editing, shape);
  }
}

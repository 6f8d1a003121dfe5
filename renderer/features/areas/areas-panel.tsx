import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { areaGrades } from '../../../native/contract/methods.js';
import { displayRing, fromDisplay, toDisplay } from '../../../native/contract/display-crs.js';
import type { DisplayCrs } from '../../../native/contract/display-crs.js';
import type { Area, AreaGrade, AreaShape, Opportunity, PlaceFilter, ProjectInfo } from '../../../native/contract/methods.js';
import { Drawer } from '../../ui/drawer.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { areaColor } from '../../../native/contract/area-colors.js';
import { buildAreaLayers, buildOpportunityLayers, drawnCircles } from '../../map/area-layers.js';
import type { DrawnCircle } from '../../map/layers/layer-context.js';
import type { DrawControl, DrawTool } from '../../map/draw-control.js';
import { displayArea, storedShape } from '../../map/display-shapes.js';
import type { Bounds } from '../../map/map-view.js';
import { AreaCommands } from './area-commands.js';
import type { AreaCommand } from './area-commands.js';
import type { AreaTabContext } from './area-tab-context.js';
import { AreaCountsTab, OpportunitiesTab, RingsTab } from './area-tabs.js';
import { AreaListTab } from './area-list-tab.js';
import { GradingTab } from './grading-tab.js';
import { errorMessage } from '../../engine/error-text.js';
import { useActions, useActionsContext } from '../../actions/actions-context.js';
import type { Action } from '../../actions/registry.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { ErrorBox } from '../../ui/modal.js';

type Tab = 'list' | 'counts' | 'rings' | 'opportunities' | 'grading' | 'export';
const tabs: ReadonlyArray<{ id: Tab; label: MessageKey }> = [
  { id: 'list', label: 'areas.tab.list' },
  { id: 'counts', label: 'areas.tab.counts' },
  { id: 'rings', label: 'areas.tab.rings' },
  { id: 'opportunities', label: 'areas.tab.opportunities' },
  { id: 'grading', label: 'areas.tab.grading' },
  { id: 'export', label: 'areas.tab.export' },
];

const toolKeys: ReadonlyArray<{ tool: Exclude<DrawTool, 'pick'>; key: string; label: MessageKey }> = [
  { tool: 'select', key: 'V', label: 'areas.tool.select' },
  { tool: 'polygon', key: 'P', label: 'areas.tool.polygon' },
  { tool: 'rectangle', key: 'R', label: 'areas.tool.rectangle' },
  { tool: 'circle', key: 'C', label: 'areas.tool.circle' },
  { tool: 'freehand', key: 'F', label: 'areas.tool.freehand' },
];

/** Context every tab gets: the engine, the areas and the way to record an undoable change. */
export interface AreasPanelProps {
  info: ProjectInfo;
  map: MapLibreMap | null;
  open: boolean;
  /** The map's filter: counts and grading follow it. */
  filter: PlaceFilter | undefined;
  /** 面积段 cut points of the map settings. */
  bands: readonly number[] | undefined;
  /** The basemap's system: areas are drawn shifted onto it, and what is drawn is shifted back to WGS-84. */
  crs: DisplayCrs;
  /** The areas' deck.gl layers and the circles among them (the site layer's rings they already draw are not drawn again). */
  onLayers(layers: Layer[], circles: DrawnCircle[]): void;
  onFit(bounds: Bounds): void;
  onClose(): void;
}

/** Before the first list arrives: one object, so memos keyed on the list stay put. */
const noAreas: readonly Area[] = [];

function ringBounds(ring: ReadonlyArray<readonly [number, number]>): Bounds {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * 目标区域: drawing tools over the map, the area list (rename, grade, colour, notes, team, hide, zoom, delete),
 * counts, rings and catchments, 机会战场, grading by output and the N份清单 export. Always mounted with a
 * project, so saved areas are drawn even with the drawer closed.
 */
export function AreasPanel(props: AreasPanelProps): ReactNode {
  const { info, map, open, filter, bands, crs, onLayers, onFit, onClose } = props;
  const { client, bridge, changes } = useEngine();
  // Area edits go on the workbench's one history beside layer edits and imports.
  const { history, registry } = useActionsContext();
  const { t, num, lang } = useI18n();
  const [version, setVersion] = useState(0);
  const [tab, setTab] = useState<Tab>('list');
  const [tool, setTool] = useState<DrawTool>('select');
  const [radiusText, setRadiusText] = useState('');
  const [snap, setSnap] = useState(false);
  const [byGrade, setByGrade] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [cells, setCells] = useState<{ cells: readonly Opportunity[]; selected: string | null }>({ cells: [], selected: null });
  const commands = useMemo(() => new AreaCommands(client), [client]);
  const control = useRef<DrawControl | null>(null);
  const pickHandler = useRef<((at: { lng: number; lat: number }) => void) | null>(null);

  const radiusM = useMemo(() => {
    const n = Number(radiusText);
    return radiusText.trim() !== '' && Number.isFinite(n) && n > 0 ? n : null;
  }, [radiusText]);

  // Read again after every edit (version), project change and opening of the drawer (the CLI may have added areas meanwhile).
  const listed = useEngineQuery((c) => c.call('areas.list', {}), [version, info.path, open]);
  const areas = listed.data ?? noAreas;
  useEffect(() => {
    if (listed.error !== null) setError(errorMessage(listed.error, lang));
  }, [listed.error, lang]);
  const areasRef = useRef(areas);
  areasRef.current = areas;

  const changed = useCallback((message?: string) => {
    setVersion((v) => v + 1);
    setError(null);
    setNotice(message ?? null);
  }, []);

  // Undone or redone from anywhere (Ctrl+Z, the layer panel's arrows): the list is read again afterwards.
  const record = useCallback(
    (command: AreaCommand) => {
      history.push({
        label: command.label,
        undo: async () => {
          try {
            await command.undo();
          } catch (e) {
            setError(errorMessage(e, lang));
            return 'stale';
          }
          changed();
          return 'done';
        },
        redo: async () => {
          await command.redo();
          changed();
        },
      });
    },
    [history, changed],
  );

  const nextName = useCallback(
    (prefix: string): string => {
      const used = new Set(areasRef.current.map((a) => a.name));
      for (let n = areasRef.current.length + 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
    },
    [],
  );

  const addShape = useCallback(
    async (shape: AreaShape): Promise<void> => {
      try {
        const area = await client.call('areas.add', { name: nextName(t('areas.defaultName')), shape });
        record(commands.added(t('areas.undo.add', { name: area.name }), [area]));
        setSelectedId(area.id);
        changed(t('areas.added', { name: area.name }));
      } catch (e) {
        setNotice(null);
        setError(errorMessage(e, lang));
      }
    },
    [client, record, commands, changed, nextName, t],
  );

  const editShape = useCallback(
    async (areaId: number, shape: AreaShape): Promise<void> => {
      const before = areasRef.current.find((a) => a.id === areaId);
      if (before === undefined) return;
      try {
        const after = await client.call('areas.update', { id: areaId, shape });
        record(commands.updated(t('areas.undo.shape', { name: after.name }), [before], [after]));
        changed();
      } catch (e) {
        setError(errorMessage(e, lang));
        // The refused shape stays on the map otherwise: reload the saved one.
        control.current?.edit(null);
        setVersion((v) => v + 1);
      }
    },
    [client, record, commands, changed, t],
  );

  // terra-draw and clicks work in the basemap's system; the engine stores WGS-84.
  const callbacks = useRef({ addShape, editShape, crs });
  callbacks.current = { addShape, editShape, crs };

  // The drawing control lives while the drawer is open; closed, the map is plain again. Its code (terra-draw)
  // loads when the drawer first opens; until then no tool shows pressed, and the effects below apply to each new control.
  const [drawing, setDrawing] = useState<DrawControl | null>(null);
  useEffect(() => {
    if (!open || map === null) return;
    let c: DrawControl | null = null;
    let alive = true;
    void import('../../map/draw-control.js').then(({ DrawControl: Control }) => {
      if (!alive) return;
      c = new Control(map, {
        onDrawn: (shape) => void callbacks.current.addShape(storedShape(shape, callbacks.current.crs)),
        onEdited: (id, shape) => void callbacks.current.editShape(id, storedShape(shape, callbacks.current.crs)),
        onDeselect: (id) => setSelectedId((cur) => (cur === id ? null : cur)),
        onPick: (at) => {
          const handler = pickHandler.current;
          pickHandler.current = null;
          setTool('select');
          const [lng, lat] = fromDisplay(at.lng, at.lat, callbacks.current.crs);
          handler?.({ lng, lat });
        },
      });
      control.current = c;
      setDrawing(c);
    });
    return () => {
      alive = false;
      control.current = null;
      setDrawing(null);
      c?.destroy();
    };
  }, [open, map]);

  useEffect(() => control.current?.setTool(tool, radiusM), [tool, radiusM, drawing]);
  // data-ready on the checkbox: the boundaries are loaded and corners now snap.
  const [snapReady, setSnapReady] = useState(false);
  useEffect(() => {
    let alive = true;
    setSnapReady(false);
    void control.current?.setSnap(snap, crs).then(() => {
      if (alive) setSnapReady(snap);
    });
    return () => {
      alive = false;
    };
  }, [snap, crs, drawing]);

  // The selected area is loaded into terra-draw for editing while the select tool is on.
  const editingId = open && tool === 'select' ? selectedId : null;
  const editingArea = useMemo(() => areas.find((a) => a.id === editingId && !a.hidden) ?? null, [areas, editingId]);
  useEffect(() => control.current?.edit(editingArea === null ? null : displayArea(editingArea, crs)), [editingArea, crs, drawing]);

  const selectArea = useCallback((id: number) => {
    setSelectedId(id);
    setTool('select');
  }, []);
  // The edited area is not in the deck layer, so a click on it would pick the area beneath: terra-draw has it.
  const pickArea = useCallback((id: number, at: readonly [number, number]) => {
    if (control.current?.isOnEdited(at) !== true) selectArea(id);
  }, [selectArea]);

  useEffect(() => {
    const shownCells = cells.cells.map((c) => ({ ...c, ring: displayRing(c.ring, crs), center: toDisplay(c.center[0], c.center[1], crs) }));
    const shown = areas.map((a) => displayArea(a, crs));
    onLayers([
      ...buildAreaLayers(
        shown,
        { byGrade, editingId: editingArea?.id ?? null, selectedId, ...(open && tool === 'select' ? { onPick: pickArea } : {}) },
      ),
      ...(open ? buildOpportunityLayers(shownCells, cells.selected) : []),
    ], drawnCircles(shown, byGrade));
  }, [areas, crs, byGrade, editingArea, selectedId, open, tool, cells, onLayers, pickArea]);
  // Unmounted (project closed): the map keeps no areas of it.
  useEffect(() => () => onLayers([], []), [onLayers]);

  const update = useCallback(
    async (area: Area, patch: Partial<Pick<Area, 'name' | 'grade' | 'color' | 'notes' | 'team' | 'hidden'>>, label: MessageKey): Promise<void> => {
      try {
        const after = await client.call('areas.update', { id: area.id, ...patch });
        record(commands.updated(t(label, { name: after.name }), [area], [after]));
        changed();
      } catch (e) {
        setError(errorMessage(e, lang));
      }
    },
    [client, record, commands, changed, t],
  );

  const remove = useCallback(
    async (area: Area): Promise<void> => {
      try {
        await client.call('areas.remove', { id: area.id });
        record(commands.removed(t('areas.undo.remove', { name: area.name }), area));
        if (selectedId === area.id) setSelectedId(null);
        changed(t('areas.removed', { name: area.name }));
      } catch (e) {
        setError(errorMessage(e, lang));
      }
    },
    [client, record, commands, changed, selectedId, t],
  );

  // Drawing tools, Esc and Delete while the drawer is open (Ctrl+Z is the workbench's), through the one registry.
  const selected = areas.find((a) => a.id === selectedId);
  useActions('areas', [
    ...toolKeys.map((k): Action => ({ id: `areas.tool.${k.tool}`, label: k.label, menu: null, keys: [k.key], enabled: open, history: 'none', edits: true, perform: () => setTool(k.tool) })),
    {
      id: 'areas.escape',
      label: 'cmd.areaEscape',
      menu: null,
      keys: ['Escape'],
      enabled: open,
      history: 'none',
      perform: () => {
        if (control.current?.isDrawing() === true) control.current.cancel();
        else if (tool !== 'select') setTool('select');
        else setSelectedId(null);
      },
    },
    {
      id: 'areas.remove',
      label: 'cmd.areaRemove',
      menu: null,
      keys: ['Delete', 'Backspace'],
      enabled: open && selected !== undefined,
      history: 'records',
      // Delete while drawing belongs to the drawing (it removes nothing yet).
      perform: () => (selected === undefined || control.current?.isDrawing() === true ? undefined : remove(selected)),
    },
  ]);

  const fit = useCallback((ring: ReadonlyArray<readonly [number, number]>) => onFit(ringBounds(ring)), [onFit]);
  const ctx: AreaTabContext = {
    client,
    bridge,
    info,
    areas,
    filter,
    bands,
    version: version + changes,
    selectedId,
    commands,
    record,
    changed,
    setError,
    pickPoint: (onPicked) => {
      pickHandler.current = onPicked;
      setTool('pick');
    },
    canPick: drawing !== null,
    setOpportunities: (list, selected) => setCells({ cells: list, selected }),
    fit,
  };

  if (!open) return null;
  return (
    <Drawer title={t('areas.title')} testId="areas-panel" className="areas-panel" onClose={onClose}>
      <div className="area-tools" role="toolbar" aria-label={t('areas.tools')}>
        {toolKeys.map((k) => (
          <button
            key={k.tool}
            type="button"
            className={tool === k.tool ? 'active' : ''}
            // Pressed once the tool works on the map: a tool chosen before the drawing code loaded applies when it has.
            aria-pressed={tool === k.tool && drawing !== null}
            aria-keyshortcuts={k.key}
            title={`${t(k.label)} (${k.key})`}
            data-testid={`area-tool-${k.tool}`}
            onClick={() => setTool(k.tool)}
          >
            {t(k.label)}
          </button>
        ))}
        <button type="button" data-testid="area-undo" disabled={!history.canUndo} aria-keyshortcuts="Control+Z" onClick={() => registry.perform('edit.undo')}>
          {t('areas.undo')}
        </button>
        <button type="button" data-testid="area-redo" disabled={!history.canRedo} aria-keyshortcuts="Control+Shift+Z" onClick={() => registry.perform('edit.redo')}>
          {t('areas.redo')}
        </button>
      </div>
      <div className="area-tool-options">
        {tool === 'circle' ? (
          <label>
            <span>{t('areas.radius')}</span>
            <input type="number" min={1} step={100} data-testid="circle-radius" placeholder={t('areas.radiusDrag')} value={radiusText} onChange={(e) => setRadiusText(e.target.value)} />
          </label>
        ) : null}
        <label className="check">
          <input type="checkbox" data-testid="area-snap" data-ready={snapReady} disabled={drawing === null} checked={snap} onChange={(e) => setSnap(e.target.checked)} />
          <span>{t('areas.snap')}</span>
        </label>
        <label className="check">
          <input type="checkbox" data-testid="area-by-grade" checked={byGrade} onChange={(e) => setByGrade(e.target.checked)} />
          <span>{t('areas.byGrade')}</span>
        </label>
      </div>
      <p className="muted small area-hint" data-testid="area-hint">
        {t(tool === 'pick' ? 'areas.hint.pick' : tool === 'circle' && radiusM !== null ? 'areas.hint.circleTyped' : (`areas.hint.${tool}` as MessageKey))}
      </p>
      <ErrorBox message={error} />
      {notice === null || error !== null ? null : (
        <p className="success-box area-notice" role="status" data-testid="area-notice">
          {notice}
        </p>
      )}
      <div className="rank-tabs" role="tablist" aria-label={t('areas.tabs')}>
        {tabs.map((x) => (
          <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={tab === x.id ? 'active' : ''} data-testid={`area-tab-${x.id}`} onClick={() => setTab(x.id)}>
            {t(x.label)}
          </button>
        ))}
      </div>
      <div className="area-tab-body" role="tabpanel">
        {tab === 'list' ? (
          <AreaList areas={areas} selectedId={selectedId} byGrade={byGrade} onSelect={selectArea} onUpdate={(a, p, l) => void update(a, p, l)} onRemove={(a) => void remove(a)} onZoom={(a) => fit(a.ring)} />
        ) : null}
        {tab === 'counts' ? <AreaCountsTab ctx={ctx} /> : null}
        {tab === 'rings' ? <RingsTab ctx={ctx} /> : null}
        {tab === 'opportunities' ? <OpportunitiesTab ctx={ctx} /> : null}
        {tab === 'grading' ? <GradingTab ctx={ctx} /> : null}
        {tab === 'export' ? <AreaListTab ctx={ctx} /> : null}
      </div>
      <p className="rank-total" data-testid="area-total">
        {t('areas.total', { n: num(areas.length) })}
      </p>
    </Drawer>
  );
}

interface AreaListProps {
  areas: readonly Area[];
  selectedId: number | null;
  byGrade: boolean;
  onSelect(id: number): void;
  onUpdate(area: Area, patch: Partial<Pick<Area, 'name' | 'grade' | 'color' | 'notes' | 'team' | 'hidden'>>, label: MessageKey): void;
  onRemove(area: Area): void;
  onZoom(area: Area): void;
}

/** A text field saved when it loses focus or on Enter, so each edit is one undo step. */
function SavedText({ value, testId, label, multiline = false, onSave }: { value: string; testId: string; label: string; multiline?: boolean; onSave(next: string): void }): ReactNode {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = (): void => {
    if (text !== value) onSave(text);
  };
  return multiline ? (
    <textarea aria-label={label} placeholder={label} data-testid={testId} rows={2} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} />
  ) : (
    <input
      type="text"
      aria-label={label}
      placeholder={label}
      data-testid={testId}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setText(value);
      }}
    />
  );
}

function AreaList({ areas, selectedId, byGrade, onSelect, onUpdate, onRemove, onZoom }: AreaListProps): ReactNode {
  const { t } = useI18n();
  if (areas.length === 0) return <p className="muted small">{t('areas.empty')}</p>;
  return (
    <ul className="area-list" data-testid="area-list">
      {areas.map((a) => {
        const selected = a.id === selectedId;
        return (
          <li key={a.id} className={selected ? 'selected' : ''} data-testid={`area-row-${a.name}`} data-area-id={a.id}>
            <div className="area-row">
              <input type="color" aria-label={t('areas.color')} data-testid="area-color" value={areaColor(a, byGrade)} onChange={(e) => onUpdate(a, { color: e.target.value }, 'areas.undo.color')} />
              <SavedText value={a.name} label={t('areas.name')} testId="area-name" onSave={(name) => (name.trim() === '' ? undefined : onUpdate(a, { name: name.trim() }, 'areas.undo.rename'))} />
              <select aria-label={t('areas.grade')} data-testid="area-grade" value={a.grade ?? ''} onChange={(e) => onUpdate(a, { grade: e.target.value === '' ? null : (e.target.value as AreaGrade) }, 'areas.undo.grade')}>
                <option value="">{t('areas.noGrade')}</option>
                {areaGrades.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </div>
            <div className="area-row area-actions">
              <button type="button" className="link-button" data-testid="area-select" aria-pressed={selected} onClick={() => onSelect(a.id)}>
                {t(a.kind === 'circle' ? 'areas.kind.circle' : 'areas.kind.polygon', { r: a.radiusM === null ? '' : (a.radiusM / 1000).toFixed(a.radiusM % 1000 === 0 ? 0 : 2) })}
                {selected ? ` · ${t('areas.editing')}` : ''}
              </button>
              <label className="check">
                <input type="checkbox" data-testid="area-visible" checked={!a.hidden} onChange={(e) => onUpdate(a, { hidden: !e.target.checked }, e.target.checked ? 'areas.undo.show' : 'areas.undo.hide')} />
                <span>{t('areas.visible')}</span>
              </label>
              <button type="button" className="link-button" data-testid="area-zoom" onClick={() => onZoom(a)}>
                {t('areas.zoom')}
              </button>
              <button type="button" className="link-button danger" data-testid="area-delete" onClick={() => onRemove(a)}>
                {t('areas.delete')}
              </button>
            </div>
            {selected ? (
              <div className="area-details">
                <SavedText value={a.team ?? ''} label={t('areas.team')} testId="area-team" onSave={(team) => onUpdate(a, { team: team === '' ? null : team }, 'areas.undo.team')} />
                <SavedText value={a.notes ?? ''} label={t('areas.notes')} testId="area-notes" multiline onSave={(notes) => onUpdate(a, { notes: notes === '' ? null : notes }, 'areas.undo.notes')} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}


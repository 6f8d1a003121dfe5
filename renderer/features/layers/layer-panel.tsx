import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { layerTypes } from '../../../native/contract/index.js';
import type { LayerConfig, LayerType, PlaceFieldInfo } from '../../../native/contract/index.js';
import { closeOnEscape, useActions, useKeyLayer, useReadOnly } from '../../actions/actions-context.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { rgbCss } from '../../map/layers/layer-context.js';
import type { LegendEntry } from '../../map/layers/layer-context.js';
import { layerTitle } from '../../map/layers/layer-title.js';
import { templateIds } from '../../map/layers/templates.js';
import type { TemplateId } from '../../map/layers/templates.js';
import { duplicateLayer, moveLayer, removeLayer, replaceLayer } from './layer-actions.js';
import { LayerProperties } from './layer-properties.js';
import { selectedLayerActions } from './selected-layer-actions.js';
import type { LayerOps } from './selected-layer-actions.js';

/** A change of the layer list, with the history label it goes under. */
export interface LayerChange {
  next: LayerConfig[];
  label: string;
  /** Part of a continuous edit (slider, typing): saved once it settles, one history entry per run. */
  settle?: boolean;
  /** The layer a continuous edit belongs to, so a run of edits merges into one history entry. */
  mergeKey?: string;
}

export interface LayerPanelProps {
  layers: LayerConfig[] | null;
  legends: ReadonlyMap<string, LegendEntry[]>;
  fields: PlaceFieldInfo[];
  /** 产品类型 values and 面积段 cut points, for a layer's own filter. */
  products: readonly string[];
  areaBands: readonly number[];
  /** The editor shows values of these fields: the app fetches their columns. */
  onWantFields(fields: readonly string[]): void;
  error: string | null;
  basemapVisible: boolean;
  onBasemap(visible: boolean): void;
  onChange(change: LayerChange): void;
  onAdd(type: LayerType): void;
  onTemplate(id: TemplateId): void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
}

export const layerTypeKeys: Record<LayerType, MessageKey> = {
  'places-role': 'layerType.places-role',
  'places-industry': 'layerType.places-industry',
  'places-field': 'layerType.places-field',
  heatmap: 'layerType.heatmap',
  hexagon: 'layerType.hexagon',
  'district-choropleth': 'layerType.district-choropleth',
  arcs: 'layerType.arcs',
  labels: 'layerType.labels',
  sites: 'layerType.sites',
};

const templateKeys: Record<TemplateId, MessageKey> = { map1: 'template.map1', map2: 'template.map2' };

function swatchOf(entries: LegendEntry[] | undefined): { color: string; round: boolean } | null {
  const first = entries?.find((e) => e.shape !== 'text');
  return first === undefined ? null : { color: rgbCss(first.color), round: first.shape === 'dot' || first.shape === 'ring' };
}

function pointCount(config: LayerConfig, entries: LegendEntry[] | undefined): number | null {
  if (entries === undefined || !config.type.startsWith('places-')) return null;
  return entries.reduce((s, e) => s + (e.count ?? 0), 0);
}

/**
 * The map's layers, top of the list = drawn on top: add (by type or template), duplicate, reorder, rename,
 * hide, remove and edit, each as an undoable change. Rows are keyboard-driven as well (see layers.keys).
 */
export function LayerPanel(props: LayerPanelProps): ReactNode {
  const { layers, legends, onChange } = props;
  const { t, num } = useI18n();
  // A saved version open read-only: the sidebar's fieldset disables the controls; their hover says why.
  const readOnly = useReadOnly();
  const tip = (own: string): string => readOnly ?? own;
  const [selected, setSelected] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  // The row with the keyboard focus: Tab reaches a row without selecting it, and its keys act on it.
  const [focused, setFocused] = useState<string | null>(null);
  const [menu, setMenu] = useState<'add' | 'template' | null>(null);
  const rowRefs = useRef(new Map<string, HTMLLIElement>());
  const focusAfter = useRef<string | null>(null);

  const list = layers ?? [];
  const shown = [...list].reverse();
  const current = list.find((l) => l.id === selected) ?? null;

  // A menu closes on Escape or a click anywhere outside it.
  const actions = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (menu === null) return;
    const onDown = (e: MouseEvent): void => {
      if (!(e.target instanceof Node) || actions.current?.contains(e.target) !== true) setMenu(null);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [menu]);
  useKeyLayer(menu !== null, false, [closeOnEscape('layers.closeMenu', () => setMenu(null))]);

  useEffect(() => {
    const id = focusAfter.current;
    if (id === null) return;
    focusAfter.current = null;
    rowRefs.current.get(id)?.focus();
  });

  const change = (next: LayerConfig[], key: MessageKey, layer: LayerConfig, keepFocus = true): void => {
    if (keepFocus) focusAfter.current = layer.id;
    onChange({ next, label: t(key, { name: layerTitle(layer, t) }) });
  };
  const toggle = (l: LayerConfig): void => change(replaceLayer(list, { ...l, visible: !l.visible }), 'action.toggleLayer', l, false);
  const move = (l: LayerConfig, delta: number): void => change(moveLayer(list, l.id, delta), 'action.moveLayer', l);
  const duplicate = (l: LayerConfig): void =>
    onChange({ next: duplicateLayer(list, l.id, t('layers.copyOf', { name: layerTitle(l, t) })), label: t('action.duplicateLayer', { name: layerTitle(l, t) }) });
  const remove = (l: LayerConfig): void => {
    const i = shown.findIndex((x) => x.id === l.id);
    const neighbour = shown[i + 1] ?? shown[i - 1] ?? null;
    setSelected(neighbour?.id ?? null);
    if (neighbour !== null) focusAfter.current = neighbour.id;
    onChange({ next: removeLayer(list, l.id), label: t('action.removeLayer', { name: layerTitle(l, t) }) });
  };
  const rename = (l: LayerConfig, name: string): void => {
    setRenaming(null);
    focusAfter.current = l.id;
    const trimmed = name.trim().slice(0, 100);
    if (trimmed === '' || trimmed === l.name || trimmed === layerTitle(l, t)) return;
    onChange({ next: replaceLayer(list, { ...l, name: trimmed }), label: t('action.renameLayer', { name: trimmed }) });
  };

  const ops: LayerOps = { remove, duplicate, toggle, move, startRename: (l) => setRenaming(l.id) };
  useActions('layers.selected', selectedLayerActions(list.find((l) => l.id === focused) ?? current, list, ops));

  // Moving between rows is the list's own navigation; the edits are registered actions (above).
  const onRowKey = (e: KeyboardEvent<HTMLLIElement>, l: LayerConfig): void => {
    if (e.target !== e.currentTarget || e.altKey) return;
    const i = shown.findIndex((x) => x.id === l.id);
    const go = (j: number): void => {
      const next = shown[j];
      if (next === undefined) return;
      setSelected(next.id);
      rowRefs.current.get(next.id)?.focus();
    };
    // The list shows the top layer first.
    if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'Enter') setSelected(selected === l.id ? null : l.id);
    else return;
    e.preventDefault();
  };

  return (
    <nav className="layer-list layer-panel" aria-label={t('layers.title')} data-testid="layer-list">
      <div className="layer-panel-head">
        <h2>{t('layers.title')}</h2>
        <button type="button" className="icon-button" data-testid="history-undo" title={tip(`${t('history.undo')} (Ctrl+Z)`)} aria-label={t('history.undo')} disabled={!props.canUndo} onClick={props.onUndo}>
          ↶
        </button>
        <button type="button" className="icon-button" data-testid="history-redo" title={tip(`${t('history.redo')} (Ctrl+Shift+Z)`)} aria-label={t('history.redo')} disabled={!props.canRedo} onClick={props.onRedo}>
          ↷
        </button>
      </div>
      <div className="layer-panel-actions" ref={actions}>
        <div className="menu-anchor">
          <button type="button" data-testid="layer-add" aria-haspopup="menu" aria-expanded={menu === 'add'} disabled={layers === null} onClick={() => setMenu(menu === 'add' ? null : 'add')}>
            ＋ {t('layers.add')}
          </button>
          {menu === 'add' ? (
            <ul className="menu" role="menu" aria-label={t('layers.addMenu')} data-testid="layer-add-menu">
              {layerTypes.map((type) => (
                <li key={type} role="none">
                  <button
                    type="button"
                    role="menuitem"
                    data-testid={`layer-add-${type}`}
                    onClick={() => {
                      setMenu(null);
                      props.onAdd(type);
                    }}
                  >
                    {t(layerTypeKeys[type])}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="menu-anchor">
          <button type="button" data-testid="layer-templates" aria-haspopup="menu" aria-expanded={menu === 'template'} disabled={layers === null} onClick={() => setMenu(menu === 'template' ? null : 'template')}>
            {t('template.title')}
          </button>
          {menu === 'template' ? (
            <ul className="menu" role="menu" data-testid="template-menu">
              {templateIds.map((id) => (
                <li key={id} role="none">
                  <button
                    type="button"
                    role="menuitem"
                    data-testid={`template-${id}`}
                    onClick={() => {
                      setMenu(null);
                      props.onTemplate(id);
                    }}
                  >
                    {t(templateKeys[id])}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      {props.error === null ? null : (
        <p className="layer-error" role="alert" data-testid="layers-error">
          {props.error}
        </p>
      )}
      {layers !== null && layers.length === 0 ? <p className="layer-empty">{t('layers.empty')}</p> : null}
      <ul className="layer-rows" aria-label={t('layers.keys')}>
        {shown.map((l, i) => {
          const entries = legends.get(l.id);
          const swatch = swatchOf(entries);
          const count = pointCount(l, entries);
          return (
            <li
              key={l.id}
              ref={(el) => {
                if (el === null) rowRefs.current.delete(l.id);
                else rowRefs.current.set(l.id, el);
              }}
              className={selected === l.id ? 'layer-row selected' : 'layer-row'}
              data-testid={`layer-${l.id}`}
              data-type={l.type}
              data-layer-row=""
              tabIndex={0}
              aria-selected={selected === l.id}
              onKeyDown={(e) => onRowKey(e, l)}
              onFocus={(e) => {
                if (e.target === e.currentTarget) setFocused(l.id);
              }}
              onBlur={(e) => {
                if (e.target === e.currentTarget) setFocused((cur) => (cur === l.id ? null : cur));
              }}
              onClick={() => setSelected(l.id)}
            >
              <label onClick={(e) => e.stopPropagation()}>
                <input type="checkbox" checked={l.visible} aria-label={t('layers.show', { name: layerTitle(l, t) })} onChange={() => toggle(l)} />
                {swatch === null ? <span className="swatch square" aria-hidden="true" /> : <span className={swatch.round ? 'swatch' : 'swatch square'} style={{ background: swatch.color }} aria-hidden="true" />}
              </label>
              {renaming === l.id ? (
                <input
                  className="layer-rename"
                  data-testid={`rename-${l.id}`}
                  defaultValue={layerTitle(l, t)}
                  autoFocus
                  aria-label={t('layers.rename')}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') rename(l, e.currentTarget.value);
                    if (e.key === 'Escape') {
                      setRenaming(null);
                      focusAfter.current = l.id;
                    }
                    e.stopPropagation();
                  }}
                  onBlur={(e) => rename(l, e.currentTarget.value)}
                />
              ) : (
                <span className="layer-name" data-testid={`name-${l.id}`} title={tip(t(layerTypeKeys[l.type]))} onDoubleClick={() => readOnly === null && setRenaming(l.id)}>
                  {layerTitle(l, t)}
                </span>
              )}
              {count === null ? null : (
                <span className="layer-count" data-testid={`count-${l.id}`}>
                  {num(count)}
                </span>
              )}
              <span className="layer-tools">
                <button type="button" data-testid={`up-${l.id}`} title={tip(t('layers.moveUp'))} aria-label={t('layers.moveUp')} disabled={i === 0} onClick={() => move(l, 1)}>
                  ▲
                </button>
                <button type="button" data-testid={`down-${l.id}`} title={tip(t('layers.moveDown'))} aria-label={t('layers.moveDown')} disabled={i === shown.length - 1} onClick={() => move(l, -1)}>
                  ▼
                </button>
                <button type="button" data-testid={`duplicate-${l.id}`} title={tip(t('layers.duplicate'))} aria-label={t('layers.duplicate')} onClick={() => duplicate(l)}>
                  ⧉
                </button>
                <button type="button" data-testid={`edit-${l.id}`} title={tip(t('layers.edit'))} aria-label={t('layers.edit')} aria-pressed={selected === l.id} onClick={(e) => {
                  e.stopPropagation();
                  setSelected(selected === l.id ? null : l.id);
                }}>
                  ⚙
                </button>
                <button type="button" data-testid={`remove-${l.id}`} title={tip(t('layers.remove'))} aria-label={t('layers.remove')} onClick={() => remove(l)}>
                  ✕
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      <ul className="basemap-row">
        <li className="layer-row" data-testid="layer-basemap">
          <label>
            <input type="checkbox" checked={props.basemapVisible} aria-label={t('layers.show', { name: t('layers.basemap') })} onChange={(e) => props.onBasemap(e.target.checked)} />
            <span className="swatch basemap" aria-hidden="true" />
            <span className="layer-name">{t('layers.basemap')}</span>
          </label>
        </li>
      </ul>
      {current === null || readOnly !== null ? null : (
        <LayerProperties
          key={current.id}
          layer={current}
          fields={props.fields}
          products={props.products}
          onWantFields={props.onWantFields}
          areaBands={props.areaBands}
          onChange={(next, settle) => onChange({ next: replaceLayer(list, next), label: t('action.editLayer', { name: next.name }), settle, mergeKey: next.id })}
        />
      )}
    </nav>
  );
}

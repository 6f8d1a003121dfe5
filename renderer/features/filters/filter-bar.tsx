import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { MISSING_CODE, areaBandRanges, areaRangeLabel, placeRoles, sameRange } from '../../../native/contract/index.js';
import type { AreaRange, FieldColumn, ImportBatch, ImportStage, PlaceFieldInfo, PlaceFilter, PlaceRole } from '../../../native/contract/index.js';
import { placeFieldLabel } from '../../i18n/field-labels.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { closeOnEscape, useActions, useKeyLayer } from '../../actions/actions-context.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { isEmptyFilter } from '../../map/filter-mask.js';
import './filter-bar.css';
import { filterSummary, valueLabel } from './filter-summary.js';
import { isImportStage } from '../../i18n/stage-labels.js';
import { DateRangeFields } from '../../ui/date-range-fields.js';

/** Fields with a group of their own in the bar; "more fields" offers the other category fields. */
const ownGroups: ReadonlySet<string> = new Set(['stage', 'product', 'batch', 'role']);
/** A field with more values than this lists its most frequent ones (the rest are rare by construction). */
const MAX_VALUES = 200;

type Group = 'stage' | 'batch' | 'product' | 'area' | 'date' | 'role' | 'field';

export interface FilterBarProps {
  filter: PlaceFilter;
  /** 面积段 cut points (㎡). */
  areaBands: readonly number[];
  fieldInfos: readonly PlaceFieldInfo[] | null;
  fields: ReadonlyMap<string, FieldColumn>;
  batches: readonly ImportBatch[] | null;
  /** Places that pass the filter, of all places. */
  passing: number;
  total: number;
  onChange(next: PlaceFilter): void;
  onAreaBands(next: number[]): void;
  /** The bar shows values of these fields: the app fetches their columns. */
  onWantFields(fields: string[]): void;
  /** CSS px covered on the right of the map (the rankings drawer): the bar stays clear of it. */
  rightInset: number;
}

/** Values of a category column with how many places have each, most first (the engine's label order). */
function valueCounts(column: FieldColumn | undefined): Array<{ value: string; count: number }> {
  if (column === undefined || column.kind !== 'category') return [];
  const counts = new Array<number>(column.labels.length).fill(0);
  for (const c of column.codes) if (c !== MISSING_CODE) counts[c] = (counts[c] ?? 0) + 1;
  return column.labels.map((value, i) => ({ value, count: counts[i] ?? 0 })).slice(0, MAX_VALUES);
}

function toggle<T>(list: readonly T[] | undefined, value: T): T[] {
  const cur = list ?? [];
  return cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value];
}

/** Drops empty parts so a cleared group leaves no trace in the saved filter. */
export function tidyFilter(f: PlaceFilter): PlaceFilter {
  const out: PlaceFilter = {};
  if (f.stages !== undefined && f.stages.length > 0) out.stages = f.stages;
  if (f.products !== undefined && f.products.length > 0) out.products = f.products;
  if (f.batches !== undefined && f.batches.length > 0) out.batches = f.batches;
  if (f.roles !== undefined && f.roles.length > 0) out.roles = f.roles;
  if (f.areaRanges !== undefined && f.areaRanges.length > 0) out.areaRanges = f.areaRanges;
  if (f.dateRange !== undefined && (f.dateRange.from !== null || f.dateRange.to !== null)) out.dateRange = f.dateRange;
  const fields = (f.fields ?? []).filter((x) => x.values.length > 0);
  if (fields.length > 0) out.fields = fields;
  return out;
}

/** Parses "90, 120 144" into sorted positive cut points; null when any part is not a number. */
export function parseBands(text: string): number[] | null {
  const parts = text.split(/[\s,，、;；]+/).filter((p) => p !== '');
  const nums = parts.map(Number);
  if (nums.length === 0 || nums.length > 12 || nums.some((n) => !Number.isFinite(n) || n <= 0)) return null;
  return [...new Set(nums)].sort((a, b) => a - b);
}

/**
 * The map's filter (planners draw separate maps per stage, product and 面积段): one button per part with its
 * choices in a popover, the active parts summarised, and how many places pass. Esc closes a popover.
 */
export function FilterBar(props: FilterBarProps): ReactNode {
  const { filter, areaBands, fieldInfos, fields, batches, passing, total, onChange, onAreaBands, onWantFields, rightInset } = props;
  const { t, num, lang } = useI18n();
  const [open, setOpen] = useState<Group | null>(null);
  const [otherField, setOtherField] = useState<string | null>(null);
  const [bandText, setBandText] = useState(areaBands.join(', '));
  const [bandError, setBandError] = useState(false);
  const bar = useRef<HTMLDivElement>(null);
  const wantRef = useRef(onWantFields);
  wantRef.current = onWantFields;

  useEffect(() => setBandText(areaBands.join(', ')), [areaBands]);

  const otherFields = useMemo(() => (fieldInfos ?? []).filter((f) => f.kind === 'category' && !ownGroups.has(f.field) && f.distinct > 0), [fieldInfos]);
  // Until the planner picks one, the first of the other fields is the one shown.
  const chosenField = otherField ?? otherFields[0]?.field ?? null;

  // The columns behind the open group's choices, fetched when the planner looks at them.
  useEffect(() => {
    const want: string[] = [];
    if (open === 'stage') want.push('stage');
    if (open === 'product') want.push('product');
    if (open === 'field' && chosenField !== null) want.push(chosenField);
    if (want.length > 0) wantRef.current(want);
  }, [open, chosenField]);

  useEffect(() => {
    if (open === null) return;
    const onDown = (e: MouseEvent): void => {
      if (bar.current !== null && e.target instanceof Node && !bar.current.contains(e.target)) setOpen(null);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  useKeyLayer(open !== null, false, [closeOnEscape('filters.close', () => setOpen(null))]);

  const present = useMemo(() => new Map((fieldInfos ?? []).map((f) => [f.field, f])), [fieldInfos]);
  const bands = useMemo(() => areaBandRanges(areaBands), [areaBands]);
  const set = (patch: Partial<PlaceFilter>): void => onChange(tidyFilter({ ...filter, ...patch }));
  const summary = filterSummary(filter, t, lang, batches);
  const empty = isEmptyFilter(filter);

  const fieldValues = (field: string): string[] => filter.fields?.find((f) => f.field === field)?.values ?? [];
  const setFieldValues = (field: string, values: string[]): void => {
    const rest = (filter.fields ?? []).filter((f) => f.field !== field);
    set({ fields: values.length === 0 ? rest : [...rest, { field, values }] });
  };

  const groupCount = (g: Group): number => {
    switch (g) {
      case 'stage':
        return filter.stages?.length ?? 0;
      case 'batch':
        return filter.batches?.length ?? 0;
      case 'product':
        return filter.products?.length ?? 0;
      case 'area':
        return filter.areaRanges?.length ?? 0;
      case 'date':
        return filter.dateRange !== undefined && (filter.dateRange.from !== null || filter.dateRange.to !== null) ? 1 : 0;
      case 'role':
        return filter.roles?.length ?? 0;
      case 'field':
        return (filter.fields ?? []).filter((f) => f.values.length > 0).length;
    }
  };

  const groups: Array<{ id: Group; label: MessageKey; command: MessageKey; disabled?: boolean }> = [
    { id: 'stage', label: 'filter.stage', command: 'cmd.filter.stage' },
    { id: 'batch', label: 'filter.batch', command: 'cmd.filter.batch', disabled: batches === null || batches.length === 0 },
    { id: 'product', label: 'filter.product', command: 'cmd.filter.product', disabled: !present.has('product') },
    { id: 'area', label: 'filter.area', command: 'cmd.filter.area' },
    { id: 'date', label: 'filter.date', command: 'cmd.filter.date', disabled: !present.has('visitDate') && !present.has('dealDate') },
    { id: 'role', label: 'filter.role', command: 'cmd.filter.role' },
    { id: 'field', label: 'filter.field', command: 'cmd.filter.field', disabled: otherFields.length === 0 },
  ];
  const usable = (g: (typeof groups)[number]): boolean => !(g.disabled === true && groupCount(g.id) === 0);
  // Each group's popover opens from the 视图 / View menu too, like its button.
  useActions(
    'filters',
    groups.map((g, i) => ({ id: `filters.open.${g.id}`, label: g.command, menu: 'view', keys: [], enabled: usable(g), history: 'none', separatorBefore: i === 0, perform: () => setOpen(g.id) })),
  );

  const checkList = (testPrefix: string, options: Array<{ value: string; label: string; count?: number; checked: boolean; onToggle(): void }>): ReactNode =>
    options.length === 0 ? (
      <p className="muted small">{t('filter.noValues')}</p>
    ) : (
      <ul className="filter-options">
        {options.map((o, i) => (
          <li key={o.value}>
            <label className="check" data-testid={`${testPrefix}-${i}`} data-value={o.value}>
              <input type="checkbox" checked={o.checked} onChange={o.onToggle} />
              <span className="filter-option-label" title={o.label}>
                {o.label}
              </span>
              {o.count === undefined ? null : <span className="filter-option-count">{num(o.count)}</span>}
            </label>
          </li>
        ))}
      </ul>
    );

  const popover = (g: Group): ReactNode => {
    switch (g) {
      case 'stage':
        return checkList(
          'filter-stage',
          valueCounts(fields.get('stage'))
            .filter((v) => isImportStage(v.value))
            .map((v) => ({
              value: v.value,
              label: valueLabel('stage', v.value, t, batches),
              count: v.count,
              checked: filter.stages?.includes(v.value as ImportStage) ?? false,
              onToggle: () => set({ stages: toggle(filter.stages, v.value as ImportStage) }),
            })),
        );
      case 'batch':
        return checkList(
          'filter-batch',
          (batches ?? []).map((b) => ({
            value: String(b.id),
            label: valueLabel('batch', String(b.id), t, batches),
            count: b.places,
            checked: filter.batches?.includes(b.id) ?? false,
            onToggle: () => set({ batches: toggle(filter.batches, b.id) }),
          })),
        );
      case 'product':
        return checkList(
          'filter-product',
          valueCounts(fields.get('product')).map((v) => ({
            value: v.value,
            label: v.value,
            count: v.count,
            checked: filter.products?.includes(v.value) ?? false,
            onToggle: () => set({ products: toggle(filter.products, v.value) }),
          })),
        );
      case 'role':
        return checkList(
          'filter-role',
          placeRoles.map((r: PlaceRole) => ({ value: r, label: t(roleKeys[r]), checked: filter.roles?.includes(r) ?? false, onToggle: () => set({ roles: toggle(filter.roles, r) }) })),
        );
      case 'area':
        return (
          <div className="filter-area">
            {checkList(
              'filter-band',
              bands.map((b: AreaRange) => ({
                value: areaRangeLabel(b),
                label: areaRangeLabel(b),
                checked: filter.areaRanges?.some((r) => sameRange(r, b)) ?? false,
                onToggle: () => {
                  const cur = filter.areaRanges ?? [];
                  set({ areaRanges: cur.some((r) => sameRange(r, b)) ? cur.filter((r) => !sameRange(r, b)) : [...cur, b] });
                },
              })),
            )}
            <form
              className="filter-bands-edit"
              onSubmit={(e) => {
                e.preventDefault();
                const next = parseBands(bandText);
                setBandError(next === null);
                if (next === null) return;
                const nextRanges = areaBandRanges(next);
                // Chosen bands that no longer exist under the new cut points leave the filter.
                set({ areaRanges: (filter.areaRanges ?? []).filter((r) => nextRanges.some((b) => sameRange(b, r))) });
                onAreaBands(next);
              }}
            >
              <label>
                <span className="small">{t('filter.bandsEdit')}</span>
                <input type="text" data-testid="filter-bands-input" value={bandText} onChange={(e) => setBandText(e.target.value)} aria-invalid={bandError} spellCheck={false} />
              </label>
              <button type="submit" data-testid="filter-bands-apply">
                {t('filter.bandsApply')}
              </button>
              {bandError ? <p className="error-box small">{t('filter.bandsInvalid')}</p> : null}
            </form>
          </div>
        );
      case 'date': {
        const d = filter.dateRange ?? { field: present.has('visitDate') ? ('visitDate' as const) : ('dealDate' as const), from: null, to: null };
        return <DateRangeFields range={d} onChange={(dateRange) => set({ dateRange })} testId="filter-date" />;
      }
      case 'field': {
        const chosen = chosenField;
        return (
          <div className="filter-field">
            <select
              data-testid="filter-field-select"
              value={chosen ?? ''}
              onChange={(e) => {
                setOtherField(e.target.value);
              }}
            >
              {otherFields.map((f) => (
                <option key={f.field} value={f.field}>
                  {placeFieldLabel(lang, f.field)}
                </option>
              ))}
            </select>
            {chosen === null
              ? null
              : checkList(
                  'filter-value',
                  valueCounts(fields.get(chosen)).map((v) => ({
                    value: v.value,
                    label: v.value,
                    count: v.count,
                    checked: fieldValues(chosen).includes(v.value),
                    onToggle: () => setFieldValues(chosen, toggle(fieldValues(chosen), v.value)),
                  })),
                )}
          </div>
        );
      }
    }
  };

  return (
    <div className="filter-bar" ref={bar} data-testid="filter-bar" role="toolbar" aria-label={t('filter.title')} style={{ right: rightInset + 56 }}>
      <span className="filter-title">{t('filter.title')}</span>
      {groups.map((g) => {
        const n = groupCount(g.id);
        return (
          <div key={g.id} className="filter-group">
            <button
              type="button"
              data-testid={`filter-group-${g.id}`}
              className={`${n > 0 ? 'active' : ''} ${open === g.id ? 'open' : ''}`}
              aria-expanded={open === g.id}
              disabled={!usable(g)}
              onClick={() => setOpen(open === g.id ? null : g.id)}
            >
              {t(g.label)}
              {n > 0 ? <span className="filter-badge">{n}</span> : null}
              <span aria-hidden="true"> ▾</span>
            </button>
            {open === g.id ? (
              <div className="filter-popover" data-testid={`filter-popover-${g.id}`}>
                {popover(g.id)}
              </div>
            ) : null}
          </div>
        );
      })}
      <span className="filter-summary" data-testid="filter-summary" title={summary.join(' · ')}>
        {empty ? t('filter.none') : summary.join(' · ')}
      </span>
      <span className="filter-count" data-testid="filter-count">
        {t('filter.count', { n: num(passing), total: num(total) })}
      </span>
      <button type="button" className="filter-clear" data-testid="filter-clear" disabled={empty} onClick={() => onChange({})}>
        {t('filter.clear')}
      </button>
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { areaBandRanges, areaRangeLabel, importStages, sameRange } from '../../../native/contract/index.js';
import type { LayerConfig, PlaceFieldInfo, PlaceFilter } from '../../../native/contract/index.js';
import { placeFieldLabel } from '../../i18n/field-labels.js';
import { useI18n } from '../../i18n/i18n.js';
import { opacityControl } from '../../map/layers/controls.js';
import type { LayerControl, OptionLabel } from '../../map/layers/layer-context.js';
import { specOf } from '../../map/layers/registry.js';
import { DateRangeFields } from '../../ui/date-range-fields.js';
import { stageKeys } from '../../i18n/stage-labels.js';

export interface LayerPropertiesProps {
  layer: LayerConfig;
  fields: PlaceFieldInfo[];
  /** 产品类型 values of the project (most common first), for the layer's own filter. */
  products: readonly string[];
  /** The map's 面积段 cut points (㎡). */
  areaBands: readonly number[];
  /** Asks for the columns the editor shows values of (产品类型), once it opens. */
  onWantFields(fields: readonly string[]): void;
  /** `settle`: part of a continuous edit (a slider drag). */
  onChange(next: LayerConfig, settle: boolean): void;
}

function Row({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <label className="prop-row">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A list typed as text: kept locally while typed, written back on blur or Enter when the schema accepts it. */
function NumbersInput({ testId, value, parse, onCommit }: { testId: string; value: readonly number[]; parse(text: string): number[] | null; onCommit(next: number[]): void }): ReactNode {
  const [text, setText] = useState(value.join(', '));
  return (
    <input
      data-testid={testId}
      value={text}
      aria-invalid={parse(text) === null}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        const next = parse(text);
        if (next !== null && next.join(',') !== value.join(',')) onCommit(next);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
      }}
    />
  );
}

/** The selected layer's settings: its type's controls (from the registry), its own filter and opacity; every control writes the whole config back through `onChange`. */
export function LayerProperties({ layer, fields, products, areaBands, onWantFields, onChange }: LayerPropertiesProps): ReactNode {
  useEffect(() => onWantFields(['product']), [onWantFields]);
  const { t, lang } = useI18n();
  const [dateField, setDateField] = useState<'visitDate' | 'dealDate' | null>(null);
  const set = (prop: string, value: unknown, settle = false): void => onChange({ ...layer, [prop]: value }, settle);
  const values = layer as unknown as Readonly<Record<string, unknown>>;
  const optionText = (label: OptionLabel, value: string): string => (label === 'place-field' ? placeFieldLabel(lang, value) : label(value, t, lang));

  const control = (c: LayerControl): ReactNode => {
    const value = values[c.prop];
    switch (c.kind) {
      case 'slider': {
        const shown = Math.round(Number(value) * c.scale * 1000) / 1000;
        return (
          <Row key={c.key} label={t(c.label)}>
            <input type="range" data-testid={`prop-${c.key}`} min={c.min} max={c.max} step={c.step} value={shown} onChange={(e) => set(c.prop, Number(e.target.value) / c.scale, true)} />
            <output>{shown}</output>
          </Row>
        );
      }
      case 'integer':
        return (
          <Row key={c.key} label={t(c.label)}>
            <input
              type="number"
              data-testid={`prop-${c.key}`}
              min={c.min}
              max={c.max}
              value={Number(value)}
              onChange={(e) => set(c.prop, Math.max(c.min, Math.min(c.max, Math.round(Number(e.target.value) || c.min))))}
            />
          </Row>
        );
      case 'select':
        return (
          <Row key={c.key} label={t(c.label)}>
            <select data-testid={`prop-${c.key}`} value={String(value)} onChange={(e) => set(c.prop, e.target.value)}>
              {c.options.map((o) => (
                <option key={o} value={o}>
                  {optionText(c.optionLabel, o)}
                </option>
              ))}
            </select>
          </Row>
        );
      case 'checks': {
        const chosen = Array.isArray(value) ? (value as unknown[]) : [];
        return (
          <fieldset key={c.key} className="prop-row prop-checks">
            <legend>{t(c.label)}</legend>
            {c.options.map((o) => (
              <label key={o}>
                <input
                  type="checkbox"
                  data-testid={`prop-${c.key}-${o}`}
                  checked={chosen.includes(o)}
                  onChange={(e) => set(c.prop, c.options.filter((x) => (x === o ? e.target.checked : chosen.includes(x))))}
                />
                {optionText(c.optionLabel, o)}
              </label>
            ))}
          </fieldset>
        );
      }
      case 'field': {
        const current = typeof value === 'string' ? value : '';
        const offered = c.numbers ? fields.filter((f) => f.kind !== 'category') : fields;
        return (
          <Row key={c.key} label={t(c.label)}>
            <select data-testid={`prop-${c.key}`} value={current} onChange={(e) => set(c.prop, c.nullable && e.target.value === '' ? null : e.target.value)}>
              {c.nullable ? <option value="">{t('prop.none')}</option> : null}
              {/* A saved field the project no longer has stays selectable, so the editor never rewrites it silently. */}
              {c.nullable || offered.some((f) => f.field === current) ? null : <option value={current}>{placeFieldLabel(lang, current)}</option>}
              {offered.map((f) => (
                <option key={f.field} value={f.field}>
                  {placeFieldLabel(lang, f.field)}
                </option>
              ))}
            </select>
          </Row>
        );
      }
      case 'numbers':
        return (
          <Row key={c.key} label={t(c.label)}>
            <NumbersInput testId={`prop-${c.key}`} value={Array.isArray(value) ? (value as number[]) : []} parse={c.parse} onCommit={(next) => set(c.prop, next)} />
          </Row>
        );
    }
  };
  const specific = (specOf(layer).controls as readonly LayerControl[]).map(control);

  // This layer's own filter (成交 vs 来访, 洋房 vs 别墅, one 面积段 per layer on one map); the map's
  // filter bar narrows every layer on top of it.
  const own: PlaceFilter = layer.filter ?? {};
  const setFilter = (patch: Partial<PlaceFilter>): void => {
    // An emptied part is dropped, so an unfiltered layer saves no filter at all.
    const emptied = (v: unknown): boolean => (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && 'from' in v && 'to' in v && v.from === null && v.to === null);
    const filter = Object.fromEntries(Object.entries({ ...own, ...patch }).filter(([, v]) => !emptied(v))) as PlaceFilter;
    onChange({ ...layer, filter: Object.keys(filter).length === 0 ? undefined : filter }, false);
  };
  const toggle = <T,>(list: readonly T[], value: T, on: boolean, order: readonly T[]): T[] => order.filter((x) => (x === value ? on : list.includes(x)));
  const stages = own.stages ?? [];
  const chosenProducts = own.products ?? [];
  const ranges = own.areaRanges ?? [];
  const bandRanges = areaBandRanges(areaBands);
  const dateFields = fields.filter((f) => f.field === 'visitDate' || f.field === 'dealDate');
  // An empty range is not saved, so the chosen date field lives here until a day is entered.
  const dateRange = own.dateRange ?? { field: dateField ?? (dateFields.some((f) => f.field === 'visitDate') ? 'visitDate' : 'dealDate'), from: null, to: null };
  const filterControl =
    layer.type === 'sites' ? null : (
      <>
        <fieldset className="prop-row prop-checks">
          <legend>{t('filter.stage')}</legend>
          {importStages.map((st) => (
            <label key={st}>
              <input type="checkbox" data-testid={`prop-stage-${st}`} checked={stages.includes(st)} onChange={(e) => setFilter({ stages: toggle(stages, st, e.target.checked, importStages) })} />
              {t(stageKeys[st])}
            </label>
          ))}
        </fieldset>
        {products.length === 0 ? null : (
          <fieldset className="prop-row prop-checks">
            <legend>{t('filter.product')}</legend>
            {products.map((p) => (
              <label key={p}>
                <input type="checkbox" data-testid={`prop-product-${p}`} checked={chosenProducts.includes(p)} onChange={(e) => setFilter({ products: toggle(chosenProducts, p, e.target.checked, products) })} />
                {p}
              </label>
            ))}
          </fieldset>
        )}
        <fieldset className="prop-row prop-checks">
          <legend>{t('filter.area')}</legend>
          {bandRanges.map((r) => {
            const label = areaRangeLabel(r);
            const on = ranges.some((x) => sameRange(x, r));
            return (
              <label key={label}>
                <input
                  type="checkbox"
                  data-testid={`prop-area-${label}`}
                  checked={on}
                  onChange={() => setFilter({ areaRanges: on ? ranges.filter((x) => !sameRange(x, r)) : [...ranges, r] })}
                />
                {label}
              </label>
            );
          })}
        </fieldset>
        {dateFields.length === 0 ? null : (
          <fieldset className="prop-row prop-checks">
            <legend>{t('filter.date')}</legend>
            <DateRangeFields
              range={dateRange}
              onChange={(next) => {
                setDateField(next.field);
                setFilter({ dateRange: next });
              }}
              testId="prop-date"
            />
          </fieldset>
        )}
      </>
    );

  return (
    <section className="layer-properties" data-testid="layer-properties" aria-label={t('layers.edit')}>
      <h3>{t('layers.edit')}</h3>
      {specific}
      {filterControl}
      {control(opacityControl(layer.type))}
    </section>
  );
}

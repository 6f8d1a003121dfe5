import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { areaBandRanges, areaRangeLabel, classSchemes, importStages, placeRoles, sameRange, siteKinds } from '../../../native/contract/index.js';
import type { ClassScheme, LayerConfig, PlaceFieldInfo, PlaceFilter, PlaceRole } from '../../../native/contract/index.js';
import { placeFieldLabel } from '../../i18n/field-labels.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { categoricalPalettes, sequentialPalettes } from '../../map/layers/palettes.js';
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

const schemeKeys: Record<ClassScheme, MessageKey> = { categorical: 'scheme.categorical', quantile: 'scheme.quantile', equal: 'scheme.equal', ckmeans: 'scheme.ckmeans' };

function Row({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <label className="prop-row">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** "1, 3, 5" → [1, 3, 5]; null when any part is not a positive number up to 100 km. */
export function parseRings(text: string): number[] | null {
  const parts = text.split(/[,，、\s]+/).filter((p) => p !== '');
  const km = parts.map(Number);
  return km.length <= 10 && km.every((v) => Number.isFinite(v) && v > 0 && v <= 100) ? km : null;
}

/** The selected layer's settings; every control writes the whole config back through `onChange`. */
export function LayerProperties({ layer, fields, products, areaBands, onWantFields, onChange }: LayerPropertiesProps): ReactNode {
  useEffect(() => onWantFields(['product']), [onWantFields]);
  const { t, lang } = useI18n();
  const [rings, setRings] = useState(layer.type === 'sites' ? layer.ringsKm.join(', ') : '');
  const [dateField, setDateField] = useState<'visitDate' | 'dealDate' | null>(null);
  const set = (patch: Partial<LayerConfig>, settle = false): void => onChange({ ...layer, ...patch } as LayerConfig, settle);
  const fieldName = (f: string): string => placeFieldLabel(lang, f);
  const numberFields = fields.filter((f) => f.kind !== 'category');

  const rolesControl = (roles: PlaceRole[]): ReactNode => (
    <fieldset className="prop-row prop-checks">
      <legend>{t('prop.roles')}</legend>
      {placeRoles.map((r) => (
        <label key={r}>
          <input
            type="checkbox"
            data-testid={`prop-role-${r}`}
            checked={roles.includes(r)}
            onChange={(e) => set({ roles: e.target.checked ? placeRoles.filter((x) => x === r || roles.includes(x)) : roles.filter((x) => x !== r) })}
          />
          {t(roleKeys[r])}
        </label>
      ))}
    </fieldset>
  );
  const slider = (key: string, label: MessageKey, value: number, min: number, max: number, step: number, patch: (v: number) => Partial<LayerConfig>): ReactNode => (
    <Row label={t(label)}>
      <input type="range" data-testid={`prop-${key}`} min={min} max={max} step={step} value={value} onChange={(e) => set(patch(Number(e.target.value)), true)} />
      <output>{value}</output>
    </Row>
  );
  const schemeControl = (scheme: ClassScheme, classes: number, palette: string): ReactNode => (
    <>
      <Row label={t('prop.scheme')}>
        <select data-testid="prop-scheme" value={scheme} onChange={(e) => set({ scheme: e.target.value as ClassScheme })}>
          {classSchemes.map((s) => (
            <option key={s} value={s}>
              {t(schemeKeys[s])}
            </option>
          ))}
        </select>
      </Row>
      <Row label={t('prop.classes')}>
        <input type="number" data-testid="prop-classes" min={2} max={9} value={classes} onChange={(e) => set({ classes: Math.max(2, Math.min(9, Math.round(Number(e.target.value) || 2))) })} />
      </Row>
      <Row label={t('prop.palette')}>
        <select data-testid="prop-palette" value={palette} onChange={(e) => set({ palette: e.target.value })}>
          {[...sequentialPalettes, ...categoricalPalettes].map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Row>
    </>
  );

  let specific: ReactNode = null;
  switch (layer.type) {
    case 'places-role':
    case 'places-industry':
      specific = (
        <>
          {rolesControl(layer.roles)}
          {slider('radius', 'prop.radius', layer.radiusPixels, 1, 12, 0.5, (v) => ({ radiusPixels: v }))}
        </>
      );
      break;
    case 'places-field':
      specific = (
        <>
          {rolesControl(layer.roles)}
          <Row label={t('prop.field')}>
            <select data-testid="prop-field" value={layer.field} onChange={(e) => set({ field: e.target.value })}>
              {fields.some((f) => f.field === layer.field) ? null : <option value={layer.field}>{fieldName(layer.field)}</option>}
              {fields.map((f) => (
                <option key={f.field} value={f.field}>
                  {fieldName(f.field)}
                </option>
              ))}
            </select>
          </Row>
          {schemeControl(layer.scheme, layer.classes, layer.palette)}
          <Row label={t('prop.sizeField')}>
            <select data-testid="prop-size-field" value={layer.sizeField ?? ''} onChange={(e) => set({ sizeField: e.target.value === '' ? null : e.target.value })}>
              <option value="">{t('prop.none')}</option>
              {numberFields.map((f) => (
                <option key={f.field} value={f.field}>
                  {fieldName(f.field)}
                </option>
              ))}
            </select>
          </Row>
          {slider('radius', 'prop.radius', layer.radiusPixels, 1, 12, 0.5, (v) => ({ radiusPixels: v }))}
        </>
      );
      break;
    case 'heatmap':
      specific = (
        <>
          {rolesControl(layer.roles)}
          {slider('radius', 'prop.radius', layer.radiusPixels, 5, 100, 1, (v) => ({ radiusPixels: v }))}
          {slider('intensity', 'prop.intensity', layer.intensity, 0.2, 5, 0.1, (v) => ({ intensity: v }))}
        </>
      );
      break;
    case 'hexagon':
      specific = (
        <>
          {rolesControl(layer.roles)}
          {slider('radius-m', 'prop.radiusM', layer.radiusM, 100, 5000, 100, (v) => ({ radiusM: v }))}
        </>
      );
      break;
    case 'district-choropleth':
      specific = (
        <>
          <Row label={t('prop.role')}>
            <select data-testid="prop-role" value={layer.role} onChange={(e) => set({ role: e.target.value as PlaceRole })}>
              {placeRoles.map((r) => (
                <option key={r} value={r}>
                  {t(roleKeys[r])}
                </option>
              ))}
            </select>
          </Row>
          <Row label={t('prop.measure')}>
            <select data-testid="prop-measure" value={layer.measure} onChange={(e) => set({ measure: e.target.value === 'share' ? 'share' : 'count' })}>
              <option value="count">{t('prop.measure.count')}</option>
              <option value="share">{t('prop.measure.share')}</option>
            </select>
          </Row>
          {schemeControl(layer.scheme, layer.classes, layer.palette)}
        </>
      );
      break;
    case 'arcs':
      specific = (
        <>
          {(['from', 'to'] as const).map((end) => (
            <Row key={end} label={t(end === 'from' ? 'prop.from' : 'prop.to')}>
              <select data-testid={`prop-${end}`} value={layer[end]} onChange={(e) => set({ [end]: e.target.value as PlaceRole })}>
                {placeRoles.map((r) => (
                  <option key={r} value={r}>
                    {t(roleKeys[r])}
                  </option>
                ))}
              </select>
            </Row>
          ))}
          {slider('width', 'prop.width', layer.widthPixels, 0.5, 8, 0.5, (v) => ({ widthPixels: v }))}
        </>
      );
      break;
    case 'labels':
      specific = (
        <>
          <Row label={t('prop.labelField')}>
            <select data-testid="prop-label-field" value={layer.field} onChange={(e) => set({ field: e.target.value as 'community' | 'employer' | 'district' })}>
              {(['community', 'employer', 'district'] as const).map((f) => (
                <option key={f} value={f}>
                  {fieldName(f)}
                </option>
              ))}
            </select>
          </Row>
          <Row label={t('prop.top')}>
            <input type="number" data-testid="prop-top" min={1} max={200} value={layer.top} onChange={(e) => set({ top: Math.max(1, Math.min(200, Math.round(Number(e.target.value) || 1))) })} />
          </Row>
          {slider('text-size', 'prop.textSize', layer.textSize, 8, 40, 1, (v) => ({ textSize: v }))}
        </>
      );
      break;
    case 'sites':
      specific = (
        <>
          <fieldset className="prop-row prop-checks">
            <legend>{t('prop.kinds')}</legend>
            {siteKinds.map((k) => (
              <label key={k}>
                <input
                  type="checkbox"
                  data-testid={`prop-kind-${k}`}
                  checked={layer.kinds.includes(k)}
                  onChange={(e) => set({ kinds: e.target.checked ? siteKinds.filter((x) => x === k || layer.kinds.includes(x)) : layer.kinds.filter((x) => x !== k) })}
                />
                {t(k === 'project' ? 'layers.project' : 'layers.competitor')}
              </label>
            ))}
          </fieldset>
          <Row label={t('prop.rings')}>
            <input
              data-testid="prop-rings"
              value={rings}
              aria-invalid={parseRings(rings) === null}
              onChange={(e) => setRings(e.target.value)}
              onBlur={() => {
                const km = parseRings(rings);
                if (km !== null && km.join(',') !== layer.ringsKm.join(',')) set({ ringsKm: km });
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.currentTarget.blur();
              }}
            />
          </Row>
        </>
      );
      break;
  }

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
      {slider('opacity', 'prop.opacity', Math.round(layer.opacity * 100), 0, 100, 5, (v) => ({ opacity: v / 100 }))}
    </section>
  );
}

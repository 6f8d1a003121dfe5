import type { ReactNode } from 'react';
import type { PlaceFilter } from '../../native/contract/index.js';
import { placeFieldLabel } from '../i18n/field-labels.js';
import { useI18n } from '../i18n/i18n.js';

export type DateRange = NonNullable<PlaceFilter['dateRange']>;

export interface DateRangeFieldsProps {
  range: DateRange;
  onChange(next: DateRange): void;
  /** Prefix of the controls' test ids: the map's filter bar and a layer's editor each have one. */
  testId: string;
}

/** 来访/成交日期 from–to: the same three controls in the filter bar and in a layer's own filter. */
export function DateRangeFields({ range, onChange, testId }: DateRangeFieldsProps): ReactNode {
  const { t, lang } = useI18n();
  const set = (patch: Partial<DateRange>): void => onChange({ ...range, ...patch });
  return (
    <div className="filter-date">
      <select data-testid={`${testId}-field`} value={range.field} onChange={(e) => set({ field: e.target.value === 'dealDate' ? 'dealDate' : 'visitDate' })}>
        <option value="visitDate">{placeFieldLabel(lang, 'visitDate')}</option>
        <option value="dealDate">{placeFieldLabel(lang, 'dealDate')}</option>
      </select>
      <label>
        <span className="small">{t('filter.from')}</span>
        <input type="date" data-testid={`${testId}-from`} value={range.from ?? ''} onChange={(e) => set({ from: e.target.value === '' ? null : e.target.value })} />
      </label>
      <label>
        <span className="small">{t('filter.to')}</span>
        <input type="date" data-testid={`${testId}-to`} value={range.to ?? ''} onChange={(e) => set({ to: e.target.value === '' ? null : e.target.value })} />
      </label>
    </div>
  );
}

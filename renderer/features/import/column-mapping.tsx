import type { ReactNode } from 'react';
import { importFields } from '../../../native/contract/index.js';
import type { ImportField, ImportPreview } from '../../../native/contract/index.js';
import { fieldLabel } from '../../i18n/field-labels.js';
import { useI18n } from '../../i18n/i18n.js';

export type ColumnMapping = Record<string, ImportField | null>;

const CUSTOM = '';
const SAMPLES = 3;

function isImportField(value: string): value is ImportField {
  return (importFields as readonly string[]).includes(value);
}

function sampleText(preview: ImportPreview, header: string, separator: string): string {
  return preview.sample
    .slice(0, SAMPLES)
    .map((row) => row[header])
    .filter((v) => v !== null && v !== undefined && v !== '')
    // Excel stores 120.102 as 120.10199999999999: show what the user typed.
    .map((v) => (typeof v === 'number' ? String(Math.round(v * 1e8) / 1e8) : String(v)))
    .join(separator);
}

/** The sheet's columns, each with the KeTu field it feeds; a change re-runs the preview upstream. */
export function ColumnMappingTable({ preview, onChange }: { preview: ImportPreview; onChange(header: string, field: ImportField | null): void }): ReactNode {
  const { t, lang } = useI18n();
  return (
    <div className="table-scroll mapping-scroll">
      <table className="mapping" data-testid="column-mapping">
        <thead>
          <tr>
            <th scope="col">{t('import.mapping.header')}</th>
            <th scope="col">{t('import.mapping.field')}</th>
            <th scope="col">{t('import.mapping.sample')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.columns.map((c, i) => {
            const sample = sampleText(preview, c.header, lang === 'zh-CN' ? '，' : ', ');
            return (
              <tr key={`${c.header}-${i}`} className={c.field === null ? 'unmapped' : undefined}>
                <th scope="row" title={c.header}>
                  {c.header}
                </th>
                <td>
                  <select
                    data-testid={`map-field-${c.header}`}
                    aria-label={`${c.header} → ${t('import.mapping.field')}`}
                    value={c.field ?? CUSTOM}
                    onChange={(e) => onChange(c.header, isImportField(e.target.value) ? e.target.value : null)}
                  >
                    <option value={CUSTOM}>{t('import.mapping.custom')}</option>
                    {importFields.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabel(lang, f)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="sample" title={sample}>
                  {sample}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The mapping the preview used, as the engine takes it: every column, so nothing falls back silently. */
export function mappingOf(preview: ImportPreview): ColumnMapping {
  return Object.fromEntries(preview.columns.map((c) => [c.header, c.field]));
}

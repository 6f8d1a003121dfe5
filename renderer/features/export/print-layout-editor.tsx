import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { printTemplates } from '../../../native/contract/index.js';
import type { PrintElements, PrintLayout, PrintPaper, PrintTemplate } from '../../../native/contract/index.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorBox } from '../../ui/modal.js';
import { PrintPreview } from './print-preview.js';

const elementKeys = ['title', 'subtitle', 'legend', 'scaleBar', 'northArrow', 'date', 'sourceNote', 'compiler', 'pageNumber', 'rankings'] as const satisfies ReadonlyArray<keyof PrintElements>;
const positions = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
const textKeys = ['title', 'subtitle', 'sourceNote', 'compiler'] as const;

/**
 * A template's saved print layout (print.layouts.*): which elements show, where the legend sits and the
 * texts that replace the ones made from the project (empty = made from the project). Saved in the project.
 */
export function PrintLayoutEditor({ paper, landscape }: { paper: PrintPaper; landscape: boolean }): ReactNode {
  const { client } = useEngine();
  const { t, lang } = useI18n();
  const [template, setTemplate] = useState<PrintTemplate>('地图1');
  const layouts = useEngineQuery((c) => c.call('print.layouts.list', {}), []);
  const saved = layouts.data?.find((l) => l.id === template) ?? null;
  const [draft, setDraft] = useState<PrintLayout | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  // The preview draws a map in headless Chromium: only while the editor is open.
  const [open, setOpen] = useState(false);
  // A fresh answer for the same template (the list is asked again after any project change) keeps the edits.
  useEffect(() => setDraft((prev) => (prev !== null && saved !== null && prev.id === saved.id ? prev : saved)), [saved]);
  if (draft === null) return null;

  const save = async (): Promise<void> => {
    setError(null);
    try {
      await client.call('print.layouts.save', { layout: draft });
      setNote(t('print.layoutSaved'));
    } catch (e) {
      setError(errorMessage(e, lang));
    }
  };
  // The template and its draft change in one event: an edit right after the switch lands on the new template's layout.
  const pick = (tpl: PrintTemplate): void => {
    setTemplate(tpl);
    const next = layouts.data?.find((l) => l.id === tpl);
    if (next !== undefined) setDraft(next);
  };
  const setText = (key: (typeof textKeys)[number], value: string): void => {
    // An emptied text goes back to the one made from the project.
    const texts = Object.fromEntries(Object.entries({ ...draft.texts, [key]: value }).filter(([, v]) => v.trim() !== ''));
    setDraft({ ...draft, texts });
  };

  return (
    <details className="field" data-testid="print-layout" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('print.layout')}</summary>
      {open ? <PrintPreview layout={draft} paper={paper} landscape={landscape} /> : null}
      <label className="field">
        <span>{t('print.templates')}</span>
        <select data-testid="print-layout-template" value={template} onChange={(e) => pick(e.target.value as PrintTemplate)}>
          {printTemplates.map((tpl) => (
            <option key={tpl} value={tpl}>
              {t(`print.template.${tpl}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="field-row" style={{ flexWrap: 'wrap' }}>
        {elementKeys.map((k) => (
          <label className="check" key={k}>
            <input type="checkbox" data-testid={`print-element-${k}`} checked={draft.elements[k]} onChange={(e) => setDraft({ ...draft, elements: { ...draft.elements, [k]: e.target.checked } })} />
            {t(`print.element.${k}`)}
          </label>
        ))}
      </div>
      <label className="field">
        <span>{t('print.legendPosition')}</span>
        <select data-testid="print-legend-position" value={draft.legendPosition} onChange={(e) => setDraft({ ...draft, legendPosition: e.target.value as PrintLayout['legendPosition'] })}>
          {positions.map((p) => (
            <option key={p} value={p}>
              {t(`print.position.${p}`)}
            </option>
          ))}
        </select>
      </label>
      {textKeys.map((k) => (
        <label className="field" key={k}>
          <span>{t(`print.element.${k}`)}</span>
          <input type="text" data-testid={`print-text-${k}`} value={draft.texts[k] ?? ''} placeholder={t('print.textAuto')} onChange={(e) => setText(k, e.target.value)} />
        </label>
      ))}
      <button type="button" data-testid="print-layout-save" onClick={() => void save()}>
        {t('print.layoutSave')}
      </button>
      {note === null ? null : <span className="muted small">{note}</span>}
      <ErrorBox message={error} />
    </details>
  );
}

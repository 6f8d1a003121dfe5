import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { printTemplates } from '../../../native/contract/index.js';
import type { PlaceableElement, PrintElements, PrintLayout, PrintPaper, PrintPlacement, PrintTemplate } from '../../../native/contract/index.js';
import { useActionsContext } from '../../actions/actions-context.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorBox } from '../../ui/modal.js';
import { PrintPreview } from './print-preview.js';

const elementKeys = ['title', 'subtitle', 'legend', 'scaleBar', 'northArrow', 'date', 'sourceNote', 'compiler', 'pageNumber', 'rankings', 'overview'] as const satisfies ReadonlyArray<keyof PrintElements>;
const positions = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
const textKeys = ['title', 'subtitle', 'sourceNote', 'compiler'] as const;

/**
 * A template's saved print layout (print.layouts.*): which elements show, where the legend sits and the
 * texts that replace the ones made from the project (empty = made from the project). Saved in the project.
 */
export function PrintLayoutEditor({ paper, landscape, onDraft }: { paper: PrintPaper; landscape: boolean; onDraft(layout: PrintLayout | null): void }): ReactNode {
  const { client } = useEngine();
  // Drops in the preview go on the workbench's one history; its 撤销 works inside this dialog too.
  const { history } = useActionsContext();
  useSyncExternalStore(
    (l) => history.subscribe(l),
    () => history.revision,
  );
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
  // The export prints what the preview shows: the draft, saved or not.
  useEffect(() => onDraft(draft), [draft, onDraft]);
  // An undo after the dialog closed has no draft to change: it is stale, not done.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  if (draft === null) return null;

  /** A drop in the preview: one undoable step on the workbench's history (only the draft of that template changes). */
  const place = (element: PlaceableElement, at: PrintPlacement | undefined): void => {
    const id = draft.id;
    const before = draft.placements[element];
    const apply = (value: PrintPlacement | undefined): void =>
      setDraft((d) => {
        if (d === null || d.id !== id) return d;
        return { ...d, placements: { ...d.placements, [element]: value } };
      });
    apply(at);
    history.push({
      label: t('print.undoPlace', { element: t(`print.element.${element}`) }),
      undo: () => {
        if (!mounted.current) return 'stale';
        apply(before);
        return 'done';
      },
      redo: () => apply(at),
    });
  };

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
      <div className="print-layout-grid">
      <div className="print-layout-controls">
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
        <select data-testid="print-legend-position" value={draft.legendPosition} onChange={(e) => setDraft({ ...draft, legendPosition: e.target.value as PrintLayout['legendPosition'], placements: { ...draft.placements, legend: undefined } })}>
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
      </div>
      {open ? (
        <div className="print-preview-column">
          <PrintPreview layout={draft} paper={paper} landscape={landscape} onPlace={place} />
          <div className="field-row small">
            <span className="muted">{t('print.dragHint')}</span>
            <button type="button" data-testid="print-layout-undo" disabled={!history.canUndo} onClick={() => void history.undo()}>
              {t('history.undo')}
            </button>
            <button type="button" data-testid="print-layout-corners" disabled={Object.values(draft.placements).every((v) => v === undefined)} onClick={() => setDraft({ ...draft, placements: {} })}>
              {t('print.toCorners')}
            </button>
          </div>
        </div>
      ) : null}
      </div>
    </details>
  );
}

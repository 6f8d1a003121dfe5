import { useState } from 'react';
import type { ReactNode } from 'react';
import { printTemplates } from '../../../native/contract/index.js';
import type { PrintLayout, PrintTemplate, ProjectInfo } from '../../../native/contract/index.js';
import { EngineError } from '../../engine/engine-client.js';
import { useEngine } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useEngineTask } from '../../engine/engine-task.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorBox } from '../../ui/modal.js';
import { PrintLayoutEditor } from './print-layout-editor.js';
import { exportPdf, printOnPaper } from './print-route.js';

export type PrintKind = 'pdf' | 'pptx' | 'pack';
type Paper = 'A4' | 'A3' | 'slide';

/** `<project dir>/<项目名>-出图.pdf|.pptx`, or the folder `<项目名>-出图` for a pack. */
export function defaultPrintPath(info: ProjectInfo, kind: PrintKind): string {
  const cut = Math.max(info.path.lastIndexOf('/'), info.path.lastIndexOf('\\'));
  const dir = cut >= 0 ? info.path.slice(0, cut + 1) : '';
  const base = `${dir}${info.name.replace(/[\\/:*?"<>|]/g, '_')}-出图`;
  return kind === 'pack' ? base : `${base}.${kind}`;
}

/**
 * The print part of the export dialog: PDF or PPTX pages of chosen templates, or the whole briefing pack
 * (一键出图), drawn by the engine in headless Chromium, with progress by page and cancel. In Electron a PDF
 * is printed by the shell's printToPDF instead (print-route.ts).
 */
export function PrintExportPanel({ info, kind }: { info: ProjectInfo; kind: PrintKind }): ReactNode {
  const { client, progress, bridge } = useEngine();
  const { t, num, lang } = useI18n();
  const task = useEngineTask(client, progress);
  const [templates, setTemplates] = useState<PrintTemplate[]>(['地图1', '地图2']);
  const [paper, setPaper] = useState<Paper>(kind === 'pptx' ? 'slide' : 'A3');
  const [landscape, setLandscape] = useState(true);
  const [dpi, setDpi] = useState<150 | 300 | 600>(300);
  const [pack, setPack] = useState({ products: false, bands: false, areas: true, revision: false, unmasked: false });
  const [path, setPath] = useState(() => defaultPrintPath(info, kind));
  // The layout editor's draft: the export prints the page its preview shows, saved or not.
  const [draft, setDraft] = useState<PrintLayout | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const busy = task.taskId !== null;

  /** Writes the pages; `toDialog`: 打印…, which goes to the system print dialog where there is one (print-route.ts). */
  const run = async (toDialog = false): Promise<void> => {
    const taskId = task.start();
    setError(null);
    setDone(null);
    const overrides = { paper, landscape, dpi };
    const layout = draft ?? undefined;
    try {
      if (kind === 'pack') {
        const r = await client.call('print.pack', { out: path.trim(), ...pack, overrides, layout, taskId });
        setDone(t('print.packDone', { n: num(r.pages), dir: r.dir, files: r.files.length }));
      } else if (kind === 'pdf') {
        const req = { templates, out: path.trim(), overrides, layout, taskId };
        const r = toDialog ? await printOnPaper(client, bridge, req) : await exportPdf(client, bridge, req);
        if (r.path !== null) setDone(t('print.done', { n: num(r.pages), path: r.path }));
      } else {
        const r = await client.call('print.export', { format: kind, templates, out: path.trim(), overrides, layout, taskId });
        setDone(t('print.done', { n: num(r.pages), path: r.path }));
      }
    } catch (e) {
      if (e instanceof EngineError && e.code === 'CANCELLED') setDone(t('print.cancelled'));
      else setError(errorMessage(e, lang));
    } finally {
      task.finish();
    }
  };
  const ready = !busy && path.trim() !== '' && (kind === 'pack' || templates.length > 0);

  const toggle = (tpl: PrintTemplate, on: boolean): void => setTemplates((prev) => (on ? printTemplates.filter((x) => x === tpl || prev.includes(x)) : prev.filter((x) => x !== tpl)));
  const mine = task.progress;
  return (
    <div data-testid="print-export">
      {kind === 'pack' ? (
        <fieldset className="field">
          <legend>{t('print.packPages')}</legend>
          {(['products', 'bands', 'areas', 'revision', 'unmasked'] as const).map((k) => (
            <label className="check" key={k}>
              <input type="checkbox" data-testid={`print-pack-${k}`} checked={pack[k]} onChange={(e) => setPack((prev) => ({ ...prev, [k]: e.target.checked }))} />
              {t(`print.pack.${k}`)}
            </label>
          ))}
        </fieldset>
      ) : (
        <fieldset className="field">
          <legend>{t('print.templates')}</legend>
          {printTemplates.map((tpl) => (
            <label className="check" key={tpl}>
              <input type="checkbox" data-testid={`print-template-${tpl}`} checked={templates.includes(tpl)} onChange={(e) => toggle(tpl, e.target.checked)} />
              {t(`print.template.${tpl}`)}
            </label>
          ))}
        </fieldset>
      )}
      <label className="field">
        <span>{t('print.paper')}</span>
        <span className="field-row">
          <select data-testid="print-paper" value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
            <option value="A3">A3</option>
            <option value="A4">A4</option>
            <option value="slide">{t('print.slide')}</option>
          </select>
          <label className="check">
            <input type="checkbox" data-testid="print-landscape" checked={landscape} disabled={paper === 'slide'} onChange={(e) => setLandscape(e.target.checked)} />
            {t('print.landscape')}
          </label>
          <select data-testid="print-dpi" value={dpi} onChange={(e) => setDpi(Number(e.target.value) as 150 | 300 | 600)}>
            {[150, 300, 600].map((d) => (
              <option key={d} value={d}>
                {d} dpi
              </option>
            ))}
          </select>
        </span>
      </label>
      <label className="field">
        <span>{kind === 'pack' ? t('print.folder') : t('export.path')}</span>
        <input type="text" data-testid="print-path" value={path} spellCheck={false} onChange={(e) => setPath(e.target.value)} />
      </label>
      <PrintLayoutEditor paper={paper} landscape={paper === 'slide' ? true : landscape} onDraft={setDraft} />
      <div className="field-row">
        <button type="button" className="primary" data-testid="print-submit" disabled={!ready} onClick={() => void run()}>
          {busy ? t('export.busy') : kind === 'pack' ? t('print.packSubmit') : t('export.submit')}
        </button>
        {kind === 'pdf' ? (
          <button type="button" data-testid="print-system" disabled={!ready} onClick={() => void run(true)}>
            {bridge?.printPages === undefined ? t('print.systemFallback') : t('print.system')}
          </button>
        ) : null}
      </div>
      {busy ? (
        <div className="progress" data-testid="print-progress">
          <progress max={100} value={task.percent ?? undefined} aria-label={t('print.progress', { done: 0, total: 0 })} />
          <span className="small">{t('print.progress', { done: num(mine?.done ?? 0), total: mine === null ? '…' : num(mine.total) })}</span>
          <button type="button" data-testid="print-cancel" onClick={() => task.cancel((e) => setError(errorMessage(e, lang)))}>
            {t('dialog.cancel')}
          </button>
        </div>
      ) : null}
      <ErrorBox message={error} />
      {done === null ? null : (
        <p className="success-box" role="status" data-testid="print-result">
          {done}
        </p>
      )}
    </div>
  );
}

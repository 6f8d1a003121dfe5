import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ProjectInfo } from '../../../native/contract/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { useEngine } from '../../engine/engine-context.js';
import type { CapturedPng } from '../../map/png-capture.js';
import { errorMessage } from '../../engine/error-text.js';
import { ErrorBox, Modal } from '../../ui/modal.js';
import { PrintExportPanel } from './print-export-panel.js';
import type { PrintKind } from './print-export-panel.js';

export interface ExportDialogProps {
  info: ProjectInfo;
  /** CSS size of the map, to show what each ratio yields. */
  mapSize: { width: number; height: number };
  capture(ratio: number, legend: boolean): Promise<CapturedPng>;
  onClose(): void;
}

const ratios = [1, 2, 3] as const;

/** `<project dir>/<项目名>-地图.png`, keeping the separator style of the project path (Windows or POSIX). */
export function defaultExportPath(info: ProjectInfo): string {
  const cut = Math.max(info.path.lastIndexOf('/'), info.path.lastIndexOf('\\'));
  const dir = cut >= 0 ? info.path.slice(0, cut + 1) : '';
  const safeName = info.name.replace(/[\\/:*?"<>|]/g, '_');
  return `${dir}${safeName}-地图.png`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function ExportDialog({ info, mapSize, capture, onClose }: ExportDialogProps): ReactNode {
  const { client, bridge } = useEngine();
  const { t, num, lang } = useI18n();
  const [ratio, setRatio] = useState<number>(2);
  const [path, setPath] = useState(() => defaultExportPath(info));
  const [overwrite, setOverwrite] = useState(false);
  const [legend, setLegend] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [kind, setKind] = useState<'png' | PrintKind>('png');

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const shot = await capture(ratio, legend);
      const r = await client.call('export.png', { path: path.trim(), png: shot.png, overwrite });
      setDone(t('export.done', { path: r.path, w: r.width, h: r.height, size: formatBytes(r.bytes) }));
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const browse = async (): Promise<void> => {
    if (bridge === null) return;
    const picked = await bridge.pickSavePath(t('export.title'), path, [{ name: 'PNG', extensions: ['png'] }]);
    if (picked !== null) {
      setPath(picked);
      // The native save dialog already asked about replacing the file.
      setOverwrite(true);
    }
  };

  return (
    <Modal
      title={kind === 'png' ? t('export.title') : t(`print.kind.${kind}`)}
      testId="export-dialog"
      className={kind === 'png' ? undefined : 'print-modal'}
      onClose={onClose}
      footer={
        <>
          <button type="button" onClick={onClose}>
            {done === null ? t('dialog.cancel') : t('dialog.close')}
          </button>
          {kind === 'png' ? (
            <button type="button" className="primary" data-testid="export-submit" disabled={busy || path.trim() === ''} onClick={() => void run()}>
              {busy ? t('export.busy') : t('export.submit')}
            </button>
          ) : null}
        </>
      }
    >
      <label className="field">
        <span>{t('print.kind')}</span>
        <select data-testid="export-kind" value={kind} onChange={(e) => setKind(e.target.value as 'png' | PrintKind)}>
          {(['png', 'pdf', 'pptx', 'pack'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`print.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'png' ? null : <PrintExportPanel key={kind} info={info} kind={kind} />}
      {kind !== 'png' ? null : (
        <>
      <label className="field">
        <span>{t('export.ratio')}</span>
        <select data-testid="export-ratio" value={ratio} onChange={(e) => setRatio(Number(e.target.value))}>
          {ratios.map((r) => (
            <option key={r} value={r}>
              {r}×
            </option>
          ))}
        </select>
        <span className="muted">{t('export.size', { w: num(Math.round(mapSize.width * ratio)), h: num(Math.round(mapSize.height * ratio)) })}</span>
      </label>
      <label className="field">
        <span>{t('export.path')}</span>
        <span className="field-row">
          <input type="text" data-testid="export-path" value={path} spellCheck={false} onChange={(e) => setPath(e.target.value)} />
          {bridge === null ? null : (
            <button type="button" onClick={() => void browse()}>
              {t('export.browse')}
            </button>
          )}
        </span>
      </label>
      <label className="check">
        <input type="checkbox" data-testid="export-legend" checked={legend} onChange={(e) => setLegend(e.target.checked)} />
        {t('export.legend')}
      </label>
      <label className="check">
        <input type="checkbox" data-testid="export-overwrite" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
        {t('export.overwrite')}
      </label>
      <ErrorBox message={error} />
      {done === null ? null : (
        <p className="success-box" role="status" data-testid="export-result">
          {done}
        </p>
      )}
        </>
      )}
    </Modal>
  );
}

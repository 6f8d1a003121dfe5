import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { declaredCrsNames, textEncodings } from '../../../native/contract/index.js';
import type { CellProblem, DeclaredCrs, ImportField, ImportPreview, ImportResult, ImportStage, Params } from '../../../native/contract/index.js';
import { EngineError } from '../../engine/engine-client.js';
import { useI18n } from '../../i18n/i18n.js';
import { useEngine } from '../../engine/engine-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { ColumnMappingTable, mappingOf } from './column-mapping.js';
import type { ColumnMapping } from './column-mapping.js';
import { errorMessage } from '../../engine/error-text.js';
import { ErrorBox, Modal } from '../../ui/modal.js';
import { ProblemsTable } from './problems-table.js';
import { defaultReportPath } from './report-path.js';
import { FilePickButton } from '../../ui/file-pick.js';
import { StageSelect } from '../../ui/stage-select.js';
import { stageKeys } from '../../i18n/stage-labels.js';
import { PlacedByRoleTable } from './placed-by-role.js';
import { useEngineTask } from '../../engine/engine-task.js';

export interface ImportDialogProps {
  /** `reportPath`: where the skipped rows were written (only when the planner chose to skip them). */
  onImported(result: ImportResult, reportPath?: string): void;
  onClose(): void;
  /** A sheet dropped on the window (already a path the engine reads): previewed at once. */
  initialFile?: string;
}

type TextEncoding = (typeof textEncodings)[number];

const crsKeys: Record<DeclaredCrs, MessageKey> = { auto: 'import.crs.auto', wgs84: 'import.crs.wgs84', gcj02: 'import.crs.gcj02', bd09: 'import.crs.bd09' };
const crsShort: Record<string, string> = { wgs84: 'WGS-84', gcj02: 'GCJ-02', bd09: 'BD-09' };
const encodingKeys: Record<TextEncoding, MessageKey> = { auto: 'import.encoding.auto', 'utf-8': 'import.encoding.utf-8', gb18030: 'import.encoding.gb18030' };
const phaseKeys: Partial<Record<string, MessageKey>> = { read: 'import.phase.read', geocode: 'import.phase.geocode', write: 'import.phase.write' };
/** Finest first, as planners judge a geocode. */
const precisionKeys: Array<[string, MessageKey]> = [
  ['address', 'import.precision.address'],
  ['community', 'import.precision.community'],
  ['road', 'import.precision.road'],
  ['district', 'import.precision.district'],
  ['city', 'import.precision.city'],
];

/** Mapping edits wait this long so a run of changes costs one preview. */
const MAPPING_DEBOUNCE_MS = 300;

interface Options {
  crs: DeclaredCrs;
  encoding: TextEncoding;
  stage: ImportStage | null;
  sheet: string | null;
  mapping: ColumnMapping | null;
}

export function ImportDialog({ onImported, onClose, initialFile }: ImportDialogProps): ReactNode {
  const { client, bridge, progress, info } = useEngine();
  const { t, num, lang } = useI18n();
  const [file, setFile] = useState(initialFile ?? '');
  const [opts, setOpts] = useState<Options>({ crs: 'auto', encoding: 'auto', stage: null, sheet: null, mapping: null });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [committing, setCommitting] = useState(false);
  const task = useEngineTask(client, progress);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problems, setProblems] = useState<readonly CellProblem[]>([]);
  const [reportPath, setReportPath] = useState<string | null>(null);
  const [reportBusy, setReportBusy] = useState(false);
  const [reportSaved, setReportSaved] = useState<string | null>(null);
  // The stage the planner chose; until then the preview's guess from the sheet or file name stands.
  const [stageChosen, setStageChosen] = useState(false);
  const stageChosenRef = useRef(false);
  stageChosenRef.current = stageChosen;
  // Refused rows: skip them and import the rest, or import nothing; asked before 导入 is offered.
  const [badRows, setBadRows] = useState<'skip' | 'all' | null>(null);

  // Latest wins: a slow preview for an older mapping must not overwrite a newer one.
  const previewSeq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      previewSeq.current++;
    },
    [],
  );

  const paramsOf = (o: Options, f = file): Params<'import.preview'> => ({
    file: f.trim(),
    crs: o.crs,
    ...(o.encoding === 'auto' ? {} : { encoding: o.encoding }),
    ...(o.stage === null ? {} : { stage: o.stage }),
    ...(o.sheet === null ? {} : { sheet: o.sheet }),
    ...(o.mapping === null ? {} : { mapping: o.mapping }),
  });

  const fail = (e: unknown): void => {
    setError(errorMessage(e, lang));
    setProblems(e instanceof EngineError ? (e.details?.problems ?? []) : []);
  };

  const stopPending = (): void => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    previewSeq.current++;
  };

  /** Runs import.preview for `o`, now or after `delay`; only the latest request's answer is shown. */
  const requestPreview = (o: Options, delay = 0, f = file): void => {
    stopPending();
    const seq = previewSeq.current;
    setPreviewing(true);
    setNotice(null);
    const run = async (): Promise<void> => {
      try {
        const p = await client.call('import.preview', paramsOf(o, f));
        if (seq !== previewSeq.current) return;
        setPreview(p);
        setProblems(p.problems);
        setError(null);
        if (!stageChosenRef.current) setOpts((cur) => ({ ...cur, stage: p.stageGuess?.stage ?? null }));
      } catch (e) {
        // Keep the last good preview: its mapping table is how the user fixes what went wrong.
        if (seq === previewSeq.current) fail(e);
      } finally {
        if (seq === previewSeq.current) setPreviewing(false);
      }
    };
    if (delay <= 0) void run();
    else timer.current = setTimeout(() => void run(), delay);
  };

  const update = (change: Partial<Options>, rePreview: boolean, delay = 0): void => {
    const next = { ...opts, ...change };
    setOpts(next);
    if (rePreview && preview !== null) requestPreview(next, delay);
  };

  const changeFile = (value: string): void => {
    stopPending();
    setPreviewing(false);
    setFile(value);
    setPreview(null);
    setProblems([]);
    setError(null);
    setReportSaved(null);
    setBadRows(null);
    // A new file has its own sheets and columns.
    setOpts((o) => ({ ...o, sheet: null, mapping: null }));
  };

  const changeMapping = (header: string, field: ImportField | null): void => {
    if (preview === null) return;
    const mapping = { ...(opts.mapping ?? mappingOf(preview)), [header]: field };
    update({ mapping }, true, MAPPING_DEBOUNCE_MS);
  };

  const runCommit = async (): Promise<void> => {
    stopPending();
    setPreviewing(false);
    const id = task.start();
    setCommitting(true);
    setError(null);
    setNotice(null);
    // The mapping the preview showed is the one imported, remembered or not.
    const mapping = opts.mapping ?? (preview === null ? null : mappingOf(preview));
    const sheet = opts.sheet ?? preview?.sheet ?? null;
    try {
      // Skipped rows go into the report beside the data file (the path the report row shows), to be fixed and imported later.
      const report = badRows === 'skip' && reportTarget.trim() !== '' ? reportTarget.trim() : undefined;
      const result = await client.call('import.commit', { ...paramsOf({ ...opts, mapping, sheet }), ...(badRows === 'skip' ? { skipBadRows: true } : {}), ...(report === undefined ? {} : { reportOut: report }), taskId: id });
      onImported(result, result.skippedRows > 0 ? report : undefined);
      onClose();
    } catch (e) {
      // Cancelling is the user's choice, not a failure worth a red box.
      if (e instanceof EngineError && e.code === 'CANCELLED') setNotice(t('import.cancelled'));
      else fail(e);
    } finally {
      setCommitting(false);
      task.finish();
    }
  };

  const cancelTask = (): void => task.cancel(fail);

  const reportTarget = reportPath ?? defaultReportPath(file, info?.path ?? null);

  const saveReport = async (): Promise<void> => {
    let out = reportTarget.trim();
    if (bridge !== null) {
      // In Electron the native save dialog picks the place (and asks about replacing a file).
      const picked = await bridge.pickSavePath(t('import.report.save'), out, [{ name: 'Excel', extensions: ['xlsx'] }]);
      if (picked === null) return;
      setReportPath(picked);
      out = picked;
    }
    setReportBusy(true);
    setReportSaved(null);
    try {
      const mapping = opts.mapping ?? (preview === null ? null : mappingOf(preview));
      await client.call('import.preview', { ...paramsOf({ ...opts, mapping, sheet: opts.sheet ?? preview?.sheet ?? null }), reportOut: out });
      setReportSaved(out);
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setReportBusy(false);
    }
  };

  // A picked or dropped file is previewed at once: the planner chose it, there is nothing to type.
  const pickFile = (path: string): void => {
    changeFile(path);
    requestPreview({ ...opts, sheet: null, mapping: null }, 0, path);
  };
  const initial = useRef(initialFile);
  useEffect(() => {
    if (initial.current !== undefined) pickFile(initial.current);
    initial.current = undefined;
    // Once, for the file the dialog opened with.
  }, []);

  const mine = task.progress;
  const pct = task.percent;
  const phaseKey = mine === null ? undefined : phaseKeys[mine.phase];
  const phase = mine === null ? null : phaseKey === undefined ? mine.phase : t(phaseKey);
  const idle = !committing;
  const canRun = file.trim() !== '' && idle;
  const mustChoose = preview !== null && preview.rejected > 0 && preview.usable > 0;
  const canCommit = canRun && (preview === null || (preview.usable > 0 && (preview.rejected === 0 || badRows === 'skip')));
  const guess = preview?.stageGuess ?? null;
  // What the selects show: the user's edits at once, before the debounced preview answers.
  const shown: ImportPreview | null = preview === null || opts.mapping === null ? preview : { ...preview, columns: preview.columns.map((c) => ({ ...c, field: opts.mapping?.[c.header] ?? null })) };
  const geocoded = preview === null ? [] : [...precisionKeys.map(([k, key]): [string, string] => [k, t(key)]), ...Object.keys(preview.geocoded).filter((k) => !precisionKeys.some(([p]) => p === k)).map((k): [string, string] => [k, k])].filter(([k]) => (preview.geocoded[k] ?? 0) > 0);

  return (
    <Modal
      title={t('import.title')}
      testId="import-dialog"
      className="import-modal"
      onClose={() => {
        if (idle) onClose();
      }}
      footer={
        <>
          {committing ? (
            <button type="button" data-testid="import-cancel" onClick={cancelTask}>
              {t('dialog.cancel')}
            </button>
          ) : (
            <button type="button" onClick={onClose}>
              {t('dialog.cancel')}
            </button>
          )}
          <button type="button" data-testid="import-preview" disabled={!canRun} onClick={() => requestPreview(opts)}>
            {previewing && preview === null ? t('import.previewing') : t('import.preview')}
          </button>
          <button type="button" className="primary" data-testid="import-commit" disabled={!canCommit} onClick={() => void runCommit()}>
            {t('import.commit')}
          </button>
        </>
      }
    >
      <label className="field">
        <span>{t('import.file')}</span>
        <span className="field-row">
          <input
            type="text"
            data-testid="import-path"
            value={file}
            placeholder={t('import.placeholder')}
            spellCheck={false}
            disabled={!idle}
            onChange={(e) => changeFile(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && canRun) requestPreview(opts);
            }}
          />
          <FilePickButton
            extensions={['xlsx', 'csv']}
            title={t('import.title')}
            filterName="Excel / CSV"
            disabled={!idle}
            testId="import-browse"
            onPicked={pickFile}
            onError={(e) => setError(errorMessage(e, lang))}
          />
        </span>
      </label>

      <div className="import-options">
        <label className="field">
          <span>{t('import.stage')}</span>
          <StageSelect
            testId="import-stage"
            value={opts.stage}
            noneLabel="import.stage.none"
            disabled={!idle}
            onChange={(stage) => {
              setStageChosen(true);
              update({ stage }, false);
            }}
          />
          {!stageChosen && guess !== null && opts.stage === guess.stage ? (
            <span className="muted small" data-testid="import-stage-guess" data-stage={guess.stage}>
              {t(guess.from === 'sheet' ? 'import.stageGuess.sheet' : 'import.stageGuess.file', { name: guess.name, stage: t(stageKeys[guess.stage]) })}
            </span>
          ) : null}
        </label>
        {preview !== null && preview.kind === 'xlsx' ? (
          <label className="field">
            <span>{t('import.sheet')}</span>
            <select
              data-testid="import-sheet"
              value={opts.sheet ?? preview.sheet}
              disabled={!idle}
              // Another sheet has its own columns: start from what KeTu recognises there.
              onChange={(e) => update({ sheet: e.target.value, mapping: null }, true)}
            >
              {preview.sheets.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {preview !== null && preview.kind === 'csv' ? (
          <label className="field">
            <span>{t('import.encoding')}</span>
            <select
              data-testid="import-encoding"
              value={opts.encoding}
              disabled={!idle}
              onChange={(e) => {
                const encoding = textEncodings.find((x) => x === e.target.value) ?? 'auto';
                update({ encoding, mapping: null }, true);
              }}
            >
              {textEncodings.map((x) => (
                <option key={x} value={x}>
                  {t(encodingKeys[x])}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <fieldset className="field radios">
          <legend>{t('import.crs')}</legend>
          {preview !== null && opts.crs === 'auto' && preview.crsDefaulted.length > 0 ? (
            <p className="notice-box small" data-testid="crs-defaulted">
              {t('import.crsDefaulted')}
            </p>
          ) : null}
          {declaredCrsNames.map((name) => (
            <label key={name}>
              <input type="radio" name="crs" value={name} data-testid={`crs-${name}`} checked={opts.crs === name} disabled={!idle} onChange={() => update({ crs: name }, true)} />
              {t(crsKeys[name])}
            </label>
          ))}
        </fieldset>
      </div>


      {committing ? (
        <div className="progress" data-testid="import-progress" data-phase={mine?.phase ?? ''}>
          <progress max={100} value={pct ?? undefined} aria-label={t('import.commit')} />
          <span>
            {mine === null || phase === null
              ? t('app.loading')
              : mine.total > 0
                ? t('import.progress', { phase, done: num(mine.done), total: num(mine.total) })
                : t('import.progress', { phase, done: num(mine.done), total: '…' })}
          </span>
        </div>
      ) : null}

      {shown === null ? null : (
        // After a failed re-preview the counts belong to the previous mapping: dim them until the next answer.
        <section className={error === null ? 'preview' : 'preview stale'} data-testid="import-preview-result" aria-busy={previewing}>
          <dl className="counts">
            <div>
              <dt>{t('import.rowsRead')}</dt>
              <dd data-testid="preview-rows">{num(shown.rowsRead)}</dd>
            </div>
            <div>
              <dt>{t('import.usable')}</dt>
              <dd data-testid="preview-usable" className="ok">
                {num(shown.usable)}
              </dd>
            </div>
            <div>
              <dt>{t('import.flagged')}</dt>
              <dd data-testid="preview-flagged" className={shown.flagged > 0 ? 'warn' : undefined}>
                {num(shown.flagged)}
              </dd>
            </div>
            <div>
              <dt>{t('import.rejected')}</dt>
              <dd data-testid="preview-rejected" className={shown.rejected > 0 ? 'bad' : undefined}>
                {num(shown.rejected)}
              </dd>
            </div>
            {previewing ? (
              <div className="updating" data-testid="preview-updating">
                <span className="spinner" aria-hidden="true" /> {t('import.mapping.updating')}
              </div>
            ) : null}
          </dl>
          <ul className="preview-facts">
            <li>
              {t('import.headerRow')} {shown.headerRow}
              {shown.kind === 'csv' && shown.encoding !== null ? <> · {t('import.encodingUsed', { encoding: shown.encoding === 'gb18030' ? 'GBK' : shown.encoding.toUpperCase() })}</> : null}
            </li>
            <li data-testid="preview-skipped">{t('import.skipped', { blank: num(shown.skipped.blank), summary: num(shown.skipped.summary) })}</li>
            <li data-testid="preview-crs">
              {t('import.crsUsed')}
              {Object.keys(shown.crsUsed).length === 0
                ? t('import.crsUsed.none')
                : Object.entries(shown.crsUsed)
                    .map(([pair, crs]) => `${pair} → ${crsShort[crs] ?? crs}`)
                    .join('；')}
            </li>
            <li data-testid="preview-geocoded">
              {t('import.geocoded')}
              {geocoded.length === 0 ? t('import.geocoded.none') : geocoded.map(([k, label]) => `${label} ${num(shown.geocoded[k] ?? 0)}`).join('，')}
            </li>
          </ul>
          <PlacedByRoleTable placed={shown.placedByRole} />
          <div className="mapping-head">
            <h3>{t('import.columns')}</h3>
            {shown.mappingRemembered && opts.mapping === null ? (
              <span className="badge" data-testid="mapping-remembered">
                {t('import.remembered')}
              </span>
            ) : null}
          </div>
          <ColumnMappingTable preview={shown} onChange={changeMapping} />
        </section>
      )}
      {mustChoose ? (
        <fieldset className="field radios bad-rows" data-testid="import-bad-rows">
          <legend>{t('import.badRows', { n: num(preview.rejected) })}</legend>
          <label>
            <input type="radio" name="bad-rows" data-testid="bad-rows-skip" checked={badRows === 'skip'} disabled={!idle} onChange={() => setBadRows('skip')} />
            {t('import.badRows.skip', { n: num(preview.usable) })}
          </label>
          <label>
            <input type="radio" name="bad-rows" data-testid="bad-rows-all" checked={badRows === 'all'} disabled={!idle} onChange={() => setBadRows('all')} />
            {t('import.badRows.all')}
          </label>
          <p className="muted small" data-testid="bad-rows-hint">
            {t(badRows === null ? 'import.badRows.choose' : badRows === 'skip' ? 'import.badRows.skipHint' : 'import.badRows.allHint')}
          </p>
        </fieldset>
      ) : null}
      <ErrorBox message={error} />
      {notice === null ? null : (
        <p className="notice-box" role="status" data-testid="import-notice">
          {notice}
        </p>
      )}
      <ProblemsTable problems={problems}>
        {preview === null ? null : (
          <div className="report-row">
            <label className="sr-only" htmlFor="import-report-path">
              {t('import.report.path')}
            </label>
            <input id="import-report-path" type="text" data-testid="report-path" title={t('import.report.path')} value={reportTarget} spellCheck={false} onChange={(e) => setReportPath(e.target.value)} />
            <button type="button" data-testid="save-report" disabled={reportBusy || reportTarget.trim() === '' || !idle} onClick={() => void saveReport()}>
              {reportBusy ? t('import.report.saving') : t('import.report.save')}
            </button>
          </div>
        )}
      </ProblemsTable>
      {reportSaved === null ? null : (
        <p className="success-box" role="status" data-testid="report-saved">
          {t('import.report.saved', { path: reportSaved })}
        </p>
      )}
    </Modal>
  );
}

import { useState } from 'react';
import type { ReactNode } from 'react';
import { importStages } from '../../../native/contract/index.js';
import type { ImportStage } from '../../../native/contract/index.js';
import { mixKeys, mixTitle } from '../../../native/contract/revision.js';
import type { MixKey, Revision, RevisionThresholds, VersionSummary } from '../../../native/contract/revision.js';
import { useI18n } from '../../i18n/i18n.js';
import { stageKeys } from '../../i18n/stage-labels.js';
import { Drawer } from '../../ui/drawer.js';
import type { RevisionQuery, RevisionSelection, SplitMode } from './revision-query.js';

export interface RevisionPanelProps {
  query: RevisionQuery;
  setQuery(q: RevisionQuery): void;
  versions: readonly VersionSummary[];
  result: Revision | null;
  error: string | null;
  busy: boolean;
  mode: SplitMode | null;
  setMode(mode: SplitMode | null): void;
  selection: RevisionSelection | null;
  select(s: RevisionSelection | null): void;
  onAddSource(name: string): void;
  onExport(): void;
  onSaveRevised(name: string, addSources: string[]): void;
  onClose(): void;
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const pp = (v: number): string => `${v > 0 ? '+' : ''}${v.toFixed(1)}`;

/** 修订对比: the plan and actual chosen, the summary in words, and the tables the engine computed. */
export function RevisionPanel(props: RevisionPanelProps): ReactNode {
  const { query, setQuery, versions, result: r, error, busy, mode, setMode, selection, select } = props;
  const { t, num } = useI18n();
  const [revisedName, setRevisedName] = useState('1/3 修订版');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const th = query.thresholds;
  const setTh = (k: keyof RevisionThresholds, v: string): void => {
    const n = Number(v);
    if (Number.isFinite(n) && n > 0) setQuery({ ...query, thresholds: { ...th, [k]: n } });
  };
  const selected = (s: RevisionSelection): boolean => selection !== null && selection.kind === s.kind && selection.key === s.key;
  const rowProps = (s: RevisionSelection): { className: string; onClick(): void; 'data-selected': boolean } => ({
    className: selected(s) ? 'selected clickable' : 'clickable',
    onClick: () => select(selected(s) ? null : s),
    'data-selected': selected(s),
  });
  return (
    <Drawer title={t('revision.title')} testId="revision-panel" className="revision-panel" onClose={props.onClose}>
      <div className="revision-controls">
        <label>
          {t('revision.plan')}
          <select
            data-testid="revision-plan"
            value={query.plan !== null ? String(query.plan) : query.planStages === null ? '' : `stage:${query.planStages.join(',')}`}
            onChange={(e) => {
              const v = e.target.value;
              if (v.startsWith('stage:')) setQuery({ ...query, plan: null, planStages: [v.slice('stage:'.length) as ImportStage] });
              else setQuery({ ...query, plan: v === '' ? null : Number(v), planStages: null });
            }}
          >
            <option value="">{t('revision.planFilter')}</option>
            {importStages
              .filter((s) => s !== 'deals')
              .map((s) => (
                <option key={s} value={`stage:${s}`}>
                  {t('revision.planStage', { stage: t(stageKeys[s]) })}
                </option>
              ))}
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('revision.actual')}
          <select
            data-testid="revision-until"
            value={query.until === 'third' || query.until === 'all' ? query.until : 'day'}
            onChange={(e) => setQuery({ ...query, until: e.target.value === 'day' ? (r?.actual.until ?? new Date().toISOString().slice(0, 10)) : e.target.value })}
          >
            <option value="third">{t('revision.untilThird')}</option>
            <option value="day">{t('revision.untilDay')}</option>
            <option value="all">{t('revision.untilAll')}</option>
          </select>
        </label>
        {query.until !== 'third' && query.until !== 'all' ? <input type="date" data-testid="revision-day" value={query.until} onChange={(e) => e.target.value !== '' && setQuery({ ...query, until: e.target.value })} /> : null}
        <details className="revision-thresholds">
          <summary>{t('revision.thresholds')}</summary>
          <label>
            {t('revision.thStrong')}
            <input type="number" step={0.05} data-testid="revision-th-strong" value={th.strong} onChange={(e) => setTh('strong', e.target.value)} />
          </label>
          <label>
            {t('revision.thWeak')}
            <input type="number" step={0.05} data-testid="revision-th-weak" value={th.weak} onChange={(e) => setTh('weak', e.target.value)} />
          </label>
          <label>
            {t('revision.thFlag')}
            <input type="number" step={1} data-testid="revision-th-flag" value={th.flagPp} onChange={(e) => setTh('flagPp', e.target.value)} />
          </label>
        </details>
        <div className="revision-modes" role="group" aria-label={t('revision.views')}>
          {(['split', 'swipe', 'change'] as const).map((m) => (
            <button key={m} type="button" data-testid={`revision-mode-${m}`} aria-pressed={mode === m} className={mode === m ? 'active' : ''} onClick={() => setMode(mode === m ? null : m)}>
              {t(`revision.mode.${m}`)}
            </button>
          ))}
          <button type="button" data-testid="revision-export" disabled={r === null || busy} onClick={props.onExport}>
            {t('revision.export')}
          </button>
        </div>
      </div>
      {error === null ? null : (
        <p className="error-box" role="alert" data-testid="revision-error">
          {error}
        </p>
      )}
      {r === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <div className="revision-body" data-testid="revision-body" data-busy={busy}>
          <ul className="revision-summary" data-testid="revision-summary">
            {r.summary.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          <h3>{t('revision.areas')}</h3>
          <table className="revision-table" data-testid="revision-areas">
            <thead>
              <tr>
                <th>{t('revision.col.area')}</th>
                <th>{t('revision.col.plan')}</th>
                <th>{t('revision.col.actual')}</th>
                <th>{t('revision.col.ratio')}</th>
                <th>{t('revision.col.grade')}</th>
              </tr>
            </thead>
            <tbody>
              {r.areas.map((a) => (
                <tr key={a.id} data-testid="revision-area-row" data-name={a.name} {...rowProps({ kind: 'area', key: String(a.id) })}>
                  <td>{a.name}</td>
                  <td>
                    {num(a.plan)} <span className="muted">{pct(a.planShare)}</span>
                  </td>
                  <td>
                    {num(a.actual)} <span className="muted">{pct(a.actualShare)}</span>
                  </td>
                  <td>{a.ratio === null ? '—' : a.ratio.toFixed(2)}</td>
                  <td className={`verdict verdict-${a.grade}`}>{a.grade}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('revision.newSources')}</h3>
          {r.newSources.length === 0 ? (
            <p className="muted">{t('revision.noNewSources')}</p>
          ) : (
            <table className="revision-table" data-testid="revision-sources">
              <thead>
                <tr>
                  <th />
                  <th>{t('revision.col.source')}</th>
                  <th>{t('revision.col.actual')}</th>
                  <th>{t('revision.col.plan')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {r.newSources.map((s) => (
                  <tr key={s.name} data-testid="revision-source-row" data-name={s.name} {...rowProps({ kind: 'source', key: s.name })}>
                    <td onClick={(e) => e.stopPropagation()}>
                      <input
                        type="checkbox"
                        aria-label={t('revision.includeSource')}
                        data-testid="revision-source-check"
                        checked={chosen.has(s.name)}
                        onChange={(e) => setChosen((prev) => (e.target.checked ? new Set([...prev, s.name]) : new Set([...prev].filter((n) => n !== s.name))))}
                      />
                    </td>
                    <td className="source-name">{s.kind === 'district' ? s.name : `${s.name}（${t('revision.cell')}）`}</td>
                    <td>
                      {num(s.actual)} <span className="muted">{pct(s.actualShare)}</span>
                    </td>
                    <td>{num(s.plan)}</td>
                    <td>
                      <button
                        type="button"
                        data-testid="revision-source-add"
                        onClick={(e) => {
                          e.stopPropagation();
                          props.onAddSource(s.name);
                        }}
                      >
                        {t('revision.addArea')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="revision-save">
            <input data-testid="revision-save-name" value={revisedName} onChange={(e) => setRevisedName(e.target.value)} aria-label={t('versions.name')} />
            <button type="button" className="primary" data-testid="revision-save" disabled={busy || revisedName.trim() === ''} onClick={() => props.onSaveRevised(revisedName.trim(), [...chosen])}>
              {t('revision.saveRevised')}
            </button>
          </div>
          <h3>{t('revision.mix')}</h3>
          {mixKeys(r.mix).map((dim: MixKey) => {
            const rows = r.mix[dim];
            if (rows === undefined) return null;
            return (
              <details key={dim} open={rows.some((m) => m.flagged)} data-testid="revision-mix" data-dim={dim}>
                <summary>
                  {mixTitle(dim)} {rows.some((m) => m.flagged) ? <span className="flag">{t('revision.flagged', { n: rows.filter((m) => m.flagged).length })}</span> : null}
                </summary>
                <table className="revision-table">
                  <thead>
                    <tr>
                      <th />
                      <th>{t('revision.col.plan')}</th>
                      <th>{t('revision.col.actual')}</th>
                      <th>{t('revision.col.pp')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((m) => (
                      <tr key={m.name} data-testid="revision-mix-row" data-name={m.name} data-flagged={m.flagged} {...(dim === 'district' ? rowProps({ kind: 'district', key: m.name }) : {})}>
                        <td>{m.name}</td>
                        <td>
                          {num(m.plan)} <span className="muted">{pct(m.planShare)}</span>
                        </td>
                        <td>
                          {num(m.actual)} <span className="muted">{pct(m.actualShare)}</span>
                        </td>
                        <td className={m.flagged ? 'flag' : ''}>{pp(m.deltaPp)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            );
          })}
          <h3>{t('revision.pace')}</h3>
          <dl className="revision-pace" data-testid="revision-pace">
            <dt>{t('revision.pace.perMonth')}</dt>
            <dd>{r.pace.perMonth}</dd>
            <dt>{t('revision.pace.left')}</dt>
            <dd>{r.pace.unitsLeft === null ? '—' : num(r.pace.unitsLeft)}</dd>
            <dt>{t('revision.pace.months')}</dt>
            <dd>{r.pace.monthsNeeded ?? '—'}</dd>
            <dt>{t('revision.pace.open')}</dt>
            <dd>
              {num(r.pace.openProspects)}
              {r.pace.prospectsPerUnit === null ? '' : ` (${r.pace.prospectsPerUnit}×)`}
            </dd>
          </dl>
        </div>
      )}
    </Drawer>
  );
}

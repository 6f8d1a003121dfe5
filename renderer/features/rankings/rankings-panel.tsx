import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { PlaceFilter, ProjectInfo, RankingDimension } from '../../../native/contract/index.js';
import { Drawer } from '../../ui/drawer.js';
import { useI18n } from '../../i18n/i18n.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { zhCN } from '../../i18n/messages.js';
import type { MessageKey } from '../../i18n/messages.js';
import { highlightColor } from '../../map/place-layers.js';
import { errorMessage } from '../../engine/error-text.js';
import { ErrorBox } from '../../ui/modal.js';
import { filterSummary } from '../filters/filter-summary.js';
import { besideProject } from '../project/beside-project.js';

/** The places of one ranking row, highlighted on the map. */
export interface RankHighlight {
  by: RankingDimension;
  key: string;
  ids: Uint32Array;
}

export interface RankingsPanelProps {
  info: ProjectInfo;
  /** The map's filter: every ranking counts only the places it keeps, live as it changes. */
  filter: PlaceFilter;
  highlight: RankHighlight | null;
  /** Highlighted places that have a point on the map, or null with no highlight. */
  highlightCount: number | null;
  onHighlight(next: RankHighlight | null): void;
  onClose(): void;
}

/** In the order planners read them: where buyers live, what they do, where they come from. */
const dimensions: readonly RankingDimension[] = ['community', 'industry', 'district', 'city', 'employer', 'building'];
const tops = [10, 15, 20, 50] as const;

const tabKeys: Record<RankingDimension, MessageKey> = {
  community: 'rank.tab.community',
  industry: 'rank.tab.industry',
  district: 'rank.tab.district',
  city: 'rank.tab.city',
  employer: 'rank.tab.employer',
  building: 'rank.tab.building',
};

/** `<project dir>/<项目名>-<维度>排名.xlsx`; the file name stays Chinese whatever the UI language, as the deck's is. */
export function defaultRankingPath(info: ProjectInfo, by: RankingDimension): string {
  return besideProject(info, `${zhCN[tabKeys[by]]}排名.xlsx`);
}


/** 排名: top communities, industries, districts, cities and employers, with shares, export, and map highlight. */
export function RankingsPanel({ info, filter, highlight, highlightCount, onHighlight, onClose }: RankingsPanelProps): ReactNode {
  const { client, bridge, changes } = useEngine();
  const { t, num, lang } = useI18n();
  const [by, setBy] = useState<RankingDimension>('community');
  const [top, setTop] = useState<number>(15);
  // Later counts win (a tab switch and a project change may overlap): the hook asks again and keeps the latest.
  const query = useEngineQuery((c) => c.call('stats.ranking', { by, top, filter }), [by, top, filter]);
  const ranking = query.data;
  // A failed highlight or export; a new table to count clears it, as the table's own failure replaces it.
  const [actionError, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [by, top, filter]);
  const error = query.error === null ? actionError : errorMessage(query.error, lang);
  const [path, setPath] = useState(() => defaultRankingPath(info, by));
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const highlightRef = useRef(highlight);
  highlightRef.current = highlight;
  const onHighlightRef = useRef(onHighlight);
  onHighlightRef.current = onHighlight;
  const filterRef = useRef(filter);
  filterRef.current = filter;

  // The project changed under a highlight: its row may have gained or lost places, so ask again.
  const firstChange = useRef(changes);
  useEffect(() => {
    if (changes === firstChange.current) return;
    const h = highlightRef.current;
    if (h === null) return;
    client
      .call('stats.members', { by: h.by, key: h.key, filter: filterRef.current })
      .then((m) => {
        if (highlightRef.current?.key === h.key && highlightRef.current.by === h.by) onHighlightRef.current({ ...h, ids: m.ids });
      })
      .catch(() => onHighlightRef.current(null));
  }, [client, changes]);

  const choose = (next: { by?: RankingDimension }): void => {
    if ((next.by ?? by) === by) return;
    // A highlight belongs to one row of one table: another dimension has other rows.
    onHighlight(null);
    setExported(null);
    if (next.by !== undefined) {
      setBy(next.by);
      setPath(defaultRankingPath(info, next.by));
    }
  };

  // Another filter has other rows: a highlight of the old table would point at places no longer counted.
  const firstFilter = useRef(filter);
  useEffect(() => {
    if (filter === firstFilter.current) return;
    firstFilter.current = filter;
    onHighlightRef.current(null);
    setExported(null);
  }, [filter]);

  const pick = async (key: string): Promise<void> => {
    if (highlight !== null && highlight.by === by && highlight.key === key) {
      onHighlight(null);
      return;
    }
    try {
      const m = await client.call('stats.members', { by, key, filter });
      onHighlight({ by, key, ids: m.ids });
    } catch (e) {
      setError(errorMessage(e, lang));
    }
  };

  const runExport = async (): Promise<void> => {
    setError(null);
    setExported(null);
    try {
      let out = path.trim();
      // In Electron the native save dialog chooses (and confirms replacing); in a browser the field does.
      if (bridge !== null) {
        const picked = await bridge.pickSavePath(t('rank.exportTitle'), out, [{ name: 'Excel', extensions: ['xlsx'] }]);
        if (picked === null) return;
        out = picked;
        setPath(picked);
      }
      setExporting(true);
      const r = await client.call('stats.export', { by, top, filter, out });
      setExported(t('rank.exported', { n: num(r.rows), path: r.path }));
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setExporting(false);
    }
  };

  // Bars scale to the leader, as in the deck's bar charts: 8% of 3,000 would otherwise be a sliver.
  const summary = filterSummary(filter, t, lang, null);
  const maxShare = ranking === null ? 0 : Math.max(0, ...ranking.rows.map((row) => row.share));
  const countHeader = by === 'community' ? t('rank.col.households') : t('rank.col.people');
  const [r, g, b] = highlightColor;
  return (
    <Drawer title={t('rank.title')} testId="rankings-panel" onClose={onClose}>
      <div className="rank-tabs" role="tablist" aria-label={t('rank.tabs')}>
        {dimensions.map((d) => (
          <button key={d} type="button" role="tab" aria-selected={d === by} className={d === by ? 'active' : ''} data-testid={`rank-tab-${d}`} onClick={() => choose({ by: d })}>
            {t(tabKeys[d])}
          </button>
        ))}
      </div>
      <div className="rank-options">
        <label>
          <span>{t('rank.top')}</span>
          <select data-testid="rank-top" value={top} onChange={(e) => setTop(Number(e.target.value))}>
            {tops.map((n) => (
              <option key={n} value={n}>
                {t('rank.topOption', { n })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {ranking === null ? null : (
        // The filter the rows were counted with, worded as the exported sheet's note row (the engine's words in Chinese).
        <p className={summary.length === 0 ? 'rank-filter muted' : 'rank-filter'} data-testid="rank-filter" title={summary.join(' · ')}>
          {lang === 'zh-CN'
            ? ranking.filterText === ''
              ? t('rank.filterNone')
              : t('rank.filterUsed', { filter: ranking.filterText })
            : summary.length === 0
              ? t('rank.filterNone')
              : t('rank.filterUsed', { filter: summary.join('; ') })}
        </p>
      )}
      <ErrorBox message={error} />
      <div className="rank-table-scroll" role="tabpanel">
        {ranking === null ? (
          error === null ? (
            <p className="muted small">{t('rank.loading')}</p>
          ) : null
        ) : ranking.rows.length === 0 ? (
          <p className="muted small">{t('rank.empty')}</p>
        ) : (
          <table className="rank-table">
            <thead>
              <tr>
                <th className="rank-no">{t('rank.col.rank')}</th>
                <th>{t(tabKeys[ranking.by])}</th>
                <th className="num">{countHeader}</th>
                <th className="rank-share">{t('rank.col.share')}</th>
              </tr>
            </thead>
            <tbody>
              {ranking.rows.map((row, i) => {
                const on = highlight !== null && highlight.by === ranking.by && highlight.key === row.key;
                return (
                  <tr
                    key={row.key}
                    className={on ? 'selected' : ''}
                    data-testid={`rank-row-${i}`}
                    tabIndex={0}
                    aria-selected={on}
                    onClick={() => void pick(row.key)}
                    onKeyDown={(e) => {
                      if (e.key !== 'Enter' && e.key !== ' ') return;
                      e.preventDefault();
                      void pick(row.key);
                    }}
                  >
                    <td className="rank-no">{i + 1}</td>
                    <td className="rank-name" title={row.key}>
                      {row.key}
                    </td>
                    <td className="num">{num(row.count)}</td>
                    <td className="rank-share">
                      <span className="share-bar" aria-hidden="true">
                        <span style={{ width: `${maxShare === 0 ? 0 : Math.min(100, (row.share / maxShare) * 100)}%` }} />
                      </span>
                      <span className="share-text">{(row.share * 100).toFixed(1)}%</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {ranking === null ? null : (
        <p className="rank-total" data-testid="rank-total">
          {t('rank.total', { n: num(ranking.total) })}
        </p>
      )}
      {highlight === null ? (
        <p className="muted small rank-hint">{t('rank.hint')}</p>
      ) : (
        <div className="rank-highlight" data-testid="rank-highlight">
          <span className="swatch" style={{ background: `rgb(${r}, ${g}, ${b})` }} />
          <span className="rank-highlight-text">{t('rank.highlighted', { name: highlight.key, n: num(highlightCount ?? 0) })}</span>
          <button type="button" className="link-button" data-testid="rank-clear" onClick={() => onHighlight(null)}>
            {t('rank.clear')}
          </button>
        </div>
      )}
      <footer className="rank-export">
        <label className="rank-export-path">
          <span>{t('rank.exportPath')}</span>
          <input type="text" data-testid="rank-export-path" value={path} spellCheck={false} onChange={(e) => setPath(e.target.value)} />
        </label>
        <button type="button" className="primary" data-testid="rank-export" disabled={exporting || path.trim() === ''} onClick={() => void runExport()}>
          {exporting ? t('rank.exporting') : t('rank.export')}
        </button>
        {exported === null ? null : (
          <p className="success-box" role="status" data-testid="rank-export-result">
            {exported}
          </p>
        )}
      </footer>
    </Drawer>
  );
}

import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { AreaGrading, GradeThresholds } from '../../../native/contract/methods.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { gradeColors } from '../../../native/contract/area-colors.js';
import { filterSummary } from '../filters/filter-summary.js';
import type { AreaTabContext } from './area-tab-context.js';
import { gradeMetrics, rulesOf, thresholdsOf } from './grade-rules.js';
import type { GradeCombine, GradeMetric, GradeRules } from './grade-rules.js';

const metricLabels: Record<GradeMetric, MessageKey> = { prospects: 'areas.grade.prospects', visitors: 'areas.grade.visitors', deals: 'areas.grade.deals' };

/**
 * 热力度分析: registrations, visits and deals per area against the planner's thresholds, saved in the project.
 * Grading counts by stage, so by default the map's filter is left aside; the switch grades within it
 * (its stage part still aside) and the tab says in words which counts the grades come from.
 */
export function GradingTab({ ctx }: { ctx: AreaTabContext }): ReactNode {
  const { t, num, lang } = useI18n();
  const [saved, setSaved] = useState<GradeThresholds | null>(null);
  const [rules, setRules] = useState<GradeRules | null>(null);
  const [useFilter, setUseFilter] = useState(false);
  const [grading, setGrading] = useState<AreaGrading | null>(null);
  const { client, filter, version, setError } = ctx;
  const scoped = { ...(filter === undefined ? {} : { filter }), useFilter };
  // The saved thresholds and the grades they give, asked again as areas, the filter and the switch change.
  useEffect(() => {
    let live = true;
    client
      .call('areas.grade', { ...(filter === undefined ? {} : { filter }), useFilter })
      .then((g) => {
        if (!live) return;
        setGrading(g);
        setSaved((cur) => cur ?? g.thresholds);
        setRules((cur) => cur ?? rulesOf(g.thresholds));
      })
      .catch((e: unknown) => {
        if (live) setError(errorMessage(e, lang));
      });
    return () => {
      live = false;
    };
  }, [client, filter, useFilter, version, setError, lang]);

  const run = async (apply: boolean): Promise<void> => {
    if (rules === null || saved === null) return;
    try {
      const before = ctx.areas;
      const thresholds = thresholdsOf(rules, saved);
      const g = await ctx.client.call('areas.grade', { thresholds, apply, ...scoped });
      setGrading(g);
      setSaved(g.thresholds);
      if (apply) {
        const after = await ctx.client.call('areas.list', {});
        ctx.record(ctx.commands.updated(t('areas.undo.grading'), before, after.filter((a) => before.some((b) => b.id === a.id))));
        ctx.changed(t('areas.grade.applied', { n: g.areas.length }));
      } else ctx.setError(null);
    } catch (e) {
      ctx.setError(errorMessage(e, lang));
    }
  };

  if (rules === null) return <p className="muted small">{t('rank.loading')}</p>;
  const mapFilterWords = filter === undefined ? '' : filterSummary(filter, t, lang, null).join(lang === 'zh-CN' ? '；' : '; ');
  // The filter the grades were counted with, in words: the engine's (as the exported sheets say it) in Chinese.
  const usedWords = grading === null || !grading.filtered ? '' : lang === 'zh-CN' ? grading.filterText : filterSummary(grading.filter, t, lang, null).join('; ');
  const scope: string =
    grading === null
      ? ''
      : grading.filtered
        ? t('areas.grade.scope.filtered', { filter: usedWords })
        : useFilter && mapFilterWords !== ''
          ? t('areas.grade.scope.stageOnly')
          : grading.filterIgnored && mapFilterWords !== ''
            ? t('areas.grade.scope.ignored', { filter: mapFilterWords })
            : t('areas.grade.scope.all');
  const setRule = (g: 'A' | 'B' | 'C', patch: Partial<{ combine: GradeCombine; metric: GradeMetric; value: number }>): void => {
    const rule = rules[g];
    const min = patch.metric === undefined ? rule.min : { ...rule.min, [patch.metric]: patch.value ?? 0 };
    setRules({ ...rules, [g]: { combine: patch.combine ?? rule.combine, min } });
  };

  return (
    <div className="area-tab area-form" data-testid="area-grading">
      <p className="muted small">{t('areas.grade.about')}</p>
      <label className="check">
        <input type="checkbox" data-testid="grade-use-filter" checked={useFilter} onChange={(e) => setUseFilter(e.target.checked)} />
        <span>{t('areas.grade.useFilter')}</span>
      </label>
      <p className={grading?.filtered === true ? 'notice-box small' : 'muted small'} role="status" data-testid="grade-scope" data-filtered={grading?.filtered === true}>
        {scope}
      </p>
      <table className="rank-table threshold-table">
        <thead>
          <tr>
            <th>{t('areas.grade')}</th>
            {gradeMetrics.map((m) => (
              <th key={m} className="num">
                ≥ {t(metricLabels[m])}
              </th>
            ))}
            <th>{t('areas.grade.combine')}</th>
          </tr>
        </thead>
        <tbody>
          {(['A', 'B', 'C'] as const).map((g) => (
            <tr key={g}>
              <td>
                <span className="swatch" style={{ background: gradeColors[g] }} /> {g}
              </td>
              {gradeMetrics.map((m) => (
                <td key={m} className="num">
                  <input
                    type="number"
                    min={0}
                    step={1}
                    aria-label={`${g} ${t(metricLabels[m])}`}
                    data-testid={`threshold-${g}-${m}`}
                    value={rules[g].min[m]}
                    onChange={(e) => setRule(g, { metric: m, value: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
                  />
                </td>
              ))}
              <td>
                <select aria-label={`${g} ${t('areas.grade.combine')}`} data-testid={`threshold-${g}-combine`} value={rules[g].combine} onChange={(e) => setRule(g, { combine: e.target.value === 'or' ? 'or' : 'and' })}>
                  <option value="and">{t('areas.grade.and')}</option>
                  <option value="or">{t('areas.grade.or')}</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('areas.grade.rest')}</p>
      <div className="button-row">
        <button type="button" data-testid="grade-run" onClick={() => void run(false)}>
          {t('areas.grade.run')}
        </button>
        <button type="button" className="primary" data-testid="grade-apply" onClick={() => void run(true)}>
          {t('areas.grade.apply')}
        </button>
      </div>
      {grading === null ? null : (
        <div className="rank-table-scroll">
          <table className="rank-table" data-testid="grade-table">
            <thead>
              <tr>
                <th>{t('areas.col.area')}</th>
                {gradeMetrics.map((m) => (
                  <th key={m} className="num">
                    {t(metricLabels[m])}
                  </th>
                ))}
                <th className="num">{t('areas.grade')}</th>
              </tr>
            </thead>
            <tbody>
              {grading.areas.map((a) => (
                <tr key={a.id} data-testid={`grade-row-${a.name}`} data-grade={a.grade} data-prospects={a.prospects} data-visitors={a.visitors} data-deals={a.deals}>
                  <td className="rank-name">{a.name}</td>
                  <td className="num">{num(a.prospects)}</td>
                  <td className="num">{num(a.visitors)}</td>
                  <td className="num">{num(a.deals)}</td>
                  <td className="num" data-testid="grade-value">
                    <span className="grade-chip" style={{ background: gradeColors[a.grade] }}>
                      {a.grade}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

import type { ReactNode } from 'react';
import type { CellProblem } from '../../../native/contract/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { problemReason } from '../../i18n/problem-reasons.js';

const SHOWN = 200;
/** The engine's column for a problem of the whole row (no one cell), not a header of the sheet. */
const WHOLE_ROW = '(整行)';

/** A problem without a severity comes from an older engine, where every problem rejected its row. */
function severityOf(p: CellProblem): 'error' | 'flag' {
  return p.severity ?? 'error';
}

/**
 * Problems the importer found: 错误 (red, the row is not imported) before 待核对 (amber, imported and
 * marked). Long lists are cut for the DOM's sake; the saved report has them all.
 */
export function ProblemsTable({ problems, children }: { problems: readonly CellProblem[]; children?: ReactNode }): ReactNode {
  const { t, num, lang } = useI18n();
  if (problems.length === 0) return null;
  // Stable: the engine's row order is kept within each severity.
  const sorted = [...problems.filter((p) => severityOf(p) === 'error'), ...problems.filter((p) => severityOf(p) !== 'error')];
  const errors = problems.length - sorted.filter((p) => severityOf(p) === 'flag').length;
  return (
    <section className="problems" aria-label={t('import.problems', { n: problems.length })}>
      <div className="problems-head">
        <h3>{t('import.problems', { n: problems.length >= SHOWN ? `${num(SHOWN)}+` : num(problems.length) })}</h3>
        {children}
      </div>
      <p className="muted small">{errors > 0 ? t('import.problems.errorHint') : t('import.problems.flagHint')}</p>
      <div className="table-scroll">
        <table data-testid="import-problems">
          <thead>
            <tr>
              <th scope="col">{t('import.problems.severity')}</th>
              <th scope="col">{t('import.problems.sheet')}</th>
              <th scope="col">{t('import.problems.row')}</th>
              <th scope="col">{t('import.problems.column')}</th>
              <th scope="col">{t('import.problems.value')}</th>
              <th scope="col">{t('import.problems.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, SHOWN).map((p, i) => {
              const severity = severityOf(p);
              return (
                <tr key={`${p.sheet}:${p.row}:${p.column}:${i}`} className={`severity-${severity}`} data-severity={severity}>
                  <td className="severity">
                    <span className="severity-icon" aria-hidden="true">
                      {severity === 'error' ? '✕' : '!'}
                    </span>
                    {t(severity === 'error' ? 'import.severity.error' : 'import.severity.flag')}
                  </td>
                  <td>{p.sheet}</td>
                  <td className="num">{p.row}</td>
                  <td>{p.column === WHOLE_ROW ? t('import.problems.wholeRow') : p.column}</td>
                  <td className="value" title={p.value}>
                    {p.value ?? ''}
                  </td>
                  <td data-testid="problem-reason">{problemReason(p.reason, severity, lang, t)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {/* The engine sends at most 200; more than that means the report has the rest. */}
      {problems.length >= SHOWN ? (
        <p className="muted small" data-testid="problems-more">
          {t('import.problems.more', { n: num(SHOWN) })}
        </p>
      ) : null}
    </section>
  );
}

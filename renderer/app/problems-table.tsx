import type { ReactNode } from 'react';
import type { CellProblem } from '../../native/contract/index.js';
import { useI18n } from '../i18n/i18n.js';

const SHOWN = 200;

/** Rows the importer rejected, as 工作表 / 行 / 列 / 原因; long lists are cut for the DOM's sake. */
export function ProblemsTable({ problems }: { problems: readonly CellProblem[] }): ReactNode {
  const { t, num } = useI18n();
  if (problems.length === 0) return null;
  return (
    <section className="problems" aria-label={t('import.problems', { n: problems.length })}>
      <h3>{t('import.problems', { n: num(problems.length) })}</h3>
      <div className="table-scroll">
        <table data-testid="import-problems">
          <thead>
            <tr>
              <th scope="col">{t('import.problems.sheet')}</th>
              <th scope="col">{t('import.problems.row')}</th>
              <th scope="col">{t('import.problems.column')}</th>
              <th scope="col">{t('import.problems.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {problems.slice(0, SHOWN).map((p, i) => (
              <tr key={`${p.sheet}:${p.row}:${p.column}:${i}`}>
                <td>{p.sheet}</td>
                <td className="num">{p.row}</td>
                <td>{p.column}</td>
                <td>{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > SHOWN ? <p className="muted">{t('import.problems.more', { n: num(problems.length - SHOWN) })}</p> : null}
    </section>
  );
}

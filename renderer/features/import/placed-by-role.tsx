import type { ReactNode } from 'react';
import { placePrecisions, placeRoles } from '../../../native/contract/index.js';
import type { ImportPreview } from '../../../native/contract/index.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { roleKeys } from '../../i18n/role-labels.js';

/** Precisions as the table heads them, finest first; `none` counts named places nothing could place. */
const columnKeys: Record<string, MessageKey> = {
  coordinate: 'import.precision.coordinate',
  address: 'import.precision.address',
  community: 'import.precision.community',
  road: 'import.precision.road',
  district: 'import.precision.district',
  city: 'import.precision.city',
  none: 'import.precision.none',
};
const columns: readonly string[] = [...placePrecisions, 'none'];

/**
 * How many home, work and leisure places the import would place, and how precisely: a role with names but
 * no places (employers dropped) shows at once. Columns nobody reached are left out; district, city and
 * unplaced are the ones to review.
 */
export function PlacedByRoleTable({ placed }: { placed: ImportPreview['placedByRole'] }): ReactNode {
  const { t, num } = useI18n();
  const shown = columns.filter((c) => placeRoles.some((r) => (placed[r][c] ?? 0) > 0));
  const total = (r: (typeof placeRoles)[number]): number => Object.values(placed[r]).reduce((s, n) => s + n, 0);
  return (
    <div className="placed-by-role">
      <h3>{t('import.placed.title')}</h3>
      <table className="rank-table" data-testid="placed-by-role">
        <thead>
          <tr>
            <th>{t('import.placed.role')}</th>
            {shown.map((c) => (
              <th key={c} className={c === 'district' || c === 'city' || c === 'none' ? 'num warn' : 'num'}>
                {t(columnKeys[c] ?? 'import.precision.none')}
              </th>
            ))}
            <th className="num">{t('import.placed.total')}</th>
          </tr>
        </thead>
        <tbody>
          {placeRoles.map((r) => (
            <tr key={r} data-testid={`placed-${r}`} data-total={total(r)}>
              <td>{t(roleKeys[r])}</td>
              {shown.map((c) => (
                <td key={c} className="num" data-precision={c}>
                  {num(placed[r][c] ?? 0)}
                </td>
              ))}
              <td className="num">{num(total(r))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { areaListColumns, defaultAreaListColumns } from '../../../native/contract/methods.js';
import type { AreaListColumn, AreaListRowKind } from '../../../native/contract/methods.js';
import { EngineError } from '../../engine/engine-client.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { filterSummary } from '../filters/filter-summary.js';
import { besideProject } from '../project/beside-project.js';
import type { AreaTabContext } from './area-tab-context.js';

const columnKeys: Record<AreaListColumn, MessageKey> = Object.fromEntries(areaListColumns.map((c) => [c, `areas.list.col.${c}`])) as Record<AreaListColumn, MessageKey>;

function isAreaEmpty(e: unknown): boolean {
  return e instanceof EngineError && e.code === 'EXPORT_FAILED' && e.details?.reason === 'AREA_EMPTY';
}

/**
 * N份清单: one area's customers with the columns the planner picks, phones masked unless unticked. One row
 * per customer (the places inside under 住家/工作/娱乐) unless one row per place is chosen; the message
 * counts distinct customers, the figure a planner hands on.
 */
export function AreaListTab({ ctx }: { ctx: AreaTabContext }): ReactNode {
  const { t, num, lang } = useI18n();
  const [areaId, setAreaId] = useState<number | null>(ctx.selectedId ?? ctx.areas[0]?.id ?? null);
  const area = ctx.areas.find((a) => a.id === areaId) ?? ctx.areas[0] ?? null;
  const [columns, setColumns] = useState<AreaListColumn[]>([...defaultAreaListColumns]);
  const [rowsPer, setRowsPer] = useState<AreaListRowKind>('customer');
  const [mask, setMask] = useState(true);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (area !== null) setPath(besideProject(ctx.info, `${area.name}-客户清单.xlsx`));
  }, [area?.name, ctx.info, area]);

  // An area without customers is refused, never written empty: said in the planner's words, with the filter that emptied it.
  const emptyMessage = (name: string): string => {
    const words = ctx.filter === undefined ? [] : filterSummary(ctx.filter, t, lang, null);
    return words.length === 0 ? t('areas.list.emptyArea', { area: name }) : t('areas.list.emptyAreaFiltered', { area: name, filter: words.join(lang === 'zh-CN' ? '；' : '; ') });
  };

  const run = async (): Promise<void> => {
    if (area === null) return;
    setDone(null);
    try {
      let out = path.trim();
      if (ctx.bridge !== null) {
        const picked = await ctx.bridge.pickSavePath(t('areas.list.title'), out, [{ name: 'Excel', extensions: ['xlsx'] }]);
        if (picked === null) return;
        out = picked;
        setPath(picked);
      }
      setBusy(true);
      // In the order offered, whatever order they were ticked in.
      const ordered = areaListColumns.filter((c) => columns.includes(c));
      const r = await ctx.client.call('areas.export', { area: area.id, out, maskPhones: mask, columns: ordered, rows: rowsPer, ...(ctx.filter === undefined ? {} : { filter: ctx.filter }) });
      const vars = { customers: num(r.customers), places: num(r.places), rows: num(r.rows), path: r.path };
      setDone(t(r.rowsPer === 'place' ? 'areas.list.donePlaces' : 'areas.list.done', vars));
      ctx.setError(null);
    } catch (e) {
      ctx.setError(isAreaEmpty(e) ? emptyMessage(area.name) : errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };

  if (area === null) return <p className="muted small">{t('areas.empty')}</p>;
  return (
    <div className="area-tab area-form" data-testid="area-export">
      <label>
        <span>{t('areas.col.area')}</span>
        <select data-testid="export-area" value={area.id} onChange={(e) => setAreaId(Number(e.target.value))}>
          {ctx.areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="field radios">
        <legend>{t('areas.list.rowsPer')}</legend>
        <label>
          <input type="radio" name="area-list-rows" data-testid="export-rows-customer" checked={rowsPer === 'customer'} onChange={() => setRowsPer('customer')} />
          {t('areas.list.rowsPer.customer')}
        </label>
        <label>
          <input type="radio" name="area-list-rows" data-testid="export-rows-place" checked={rowsPer === 'place'} onChange={() => setRowsPer('place')} />
          {t('areas.list.rowsPer.place')}
        </label>
      </fieldset>
      <fieldset className="column-picks">
        <legend>{t('areas.list.columns')}</legend>
        {areaListColumns.map((c) => (
          <label key={c} className="check">
            <input type="checkbox" data-testid={`export-col-${c}`} checked={columns.includes(c)} onChange={(e) => setColumns(e.target.checked ? [...columns, c] : columns.filter((x) => x !== c))} />
            <span>{t(columnKeys[c])}</span>
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" data-testid="export-mask" checked={mask} onChange={(e) => setMask(e.target.checked)} />
        <span>{t('areas.list.mask')}</span>
      </label>
      <footer className="rank-export">
        <label className="rank-export-path">
          <span>{t('rank.exportPath')}</span>
          <input type="text" data-testid="export-path" value={path} spellCheck={false} onChange={(e) => setPath(e.target.value)} />
        </label>
        <button type="button" className="primary" data-testid="export-run" disabled={busy || columns.length === 0 || path.trim() === ''} onClick={() => void run()}>
          {busy ? t('rank.exporting') : t('rank.export')}
        </button>
        {done === null ? null : (
          <p className="success-box" role="status" data-testid="export-result">
            {done}
          </p>
        )}
      </footer>
    </div>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { areaCountDimensions } from '../../../native/contract/methods.js';
import type { Area, AreaCountDimension, AreaCounts, Opportunity } from '../../../native/contract/methods.js';
import { OPPORTUNITY_DEFAULTS } from '../../../native/contract/methods.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { AreaTabContext } from './area-tab-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { stageKey } from '../../i18n/stage-labels.js';

const dimensionKeys: Record<AreaCountDimension, MessageKey> = {
  role: 'areas.by.role',
  stage: 'areas.by.stage',
  industry: 'areas.by.industry',
  product: 'areas.by.product',
  areaBand: 'areas.by.areaBand',
};
/** Columns beyond these fold into 其他, so the table fits the drawer. */
const MAX_KEYS = 5;

function useKeyLabel(): (by: AreaCountDimension, key: string) => string {
  const { t } = useI18n();
  return (by, key) => {
    if (by === 'role' && (key === 'home' || key === 'work' || key === 'leisure')) return t(`layers.${key}`);
    if (by === 'stage') {
      const k = stageKey(key);
      if (k !== null) return t(k);
    }
    return key;
  };
}

/** Counts per area by role, stage, industry, product or 面积段, with each area's share; live with the map's filter. */
export function AreaCountsTab({ ctx }: { ctx: AreaTabContext }): ReactNode {
  const { t, num, lang } = useI18n();
  const label = useKeyLabel();
  const [by, setBy] = useState<AreaCountDimension>('role');
  const [counts, setCounts] = useState<AreaCounts | null>(null);
  const seq = useRef(0);
  const { client, filter, bands, version, setError } = ctx;
  useEffect(() => {
    const mine = ++seq.current;
    client
      .call('areas.count', { by, ...(filter === undefined ? {} : { filter }), ...(bands === undefined ? {} : { bands: [...bands] }) })
      .then((c) => {
        if (mine === seq.current) setCounts(c);
      })
      .catch((e: unknown) => {
        if (mine === seq.current) setError(errorMessage(e, lang));
      });
  }, [client, by, filter, bands, version, setError]);

  const keys = useMemo(() => {
    if (counts === null) return { shown: [] as string[], other: false };
    const totals = new Map<string, number>();
    for (const a of counts.areas) for (const [k, n] of Object.entries(a.counts)) totals.set(k, (totals.get(k) ?? 0) + n);
    const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    // 面积段 read small to large (<90㎡, 90–120㎡ …), 未标注 last; other dimensions most first.
    const bandStart = (k: string): number => {
      const m = /\d+(?:\.\d+)?/.exec(k);
      return k.startsWith('<') ? -Infinity : m === null ? Infinity : Number(m[0]);
    };
    if (counts.by === 'areaBand') sorted.sort((a, b) => bandStart(a) - bandStart(b));
    return { shown: sorted.slice(0, MAX_KEYS), other: sorted.length > MAX_KEYS };
  }, [counts]);

  return (
    <div className="area-tab" data-testid="area-counts">
      <div className="rank-options">
        <label>
          <span>{t('areas.countBy')}</span>
          <select data-testid="area-count-by" value={by} onChange={(e) => setBy(e.target.value as AreaCountDimension)}>
            {areaCountDimensions.map((d) => (
              <option key={d} value={d}>
                {t(dimensionKeys[d])}
              </option>
            ))}
          </select>
        </label>
      </div>
      {counts === null ? (
        <p className="muted small">{t('rank.loading')}</p>
      ) : counts.areas.length === 0 ? (
        <p className="muted small">{t('areas.empty')}</p>
      ) : (
        <div className="rank-table-scroll">
          <table className="rank-table area-count-table">
            <thead>
              <tr>
                <th>{t('areas.col.area')}</th>
                <th className="num">{t('areas.col.total')}</th>
                <th className="num">{t('rank.col.share')}</th>
                {keys.shown.map((k) => (
                  <th key={k} className="num" title={label(by, k)}>
                    {label(by, k)}
                  </th>
                ))}
                {keys.other ? <th className="num">{t('areas.col.other')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {counts.areas.map((a) => {
                const shown = keys.shown.reduce((s, k) => s + (a.counts[k] ?? 0), 0);
                return (
                  <tr key={a.id} data-testid={`area-count-${a.name}`} data-total={a.total}>
                    <td className="rank-name" title={a.name}>
                      {a.name}
                    </td>
                    <td className="num" data-testid="area-count-total">
                      {num(a.total)}
                    </td>
                    <td className="num">{(a.share * 100).toFixed(1)}%</td>
                    {keys.shown.map((k) => (
                      <td key={k} className="num" data-key={k}>
                        {num(a.counts[k] ?? 0)}
                      </td>
                    ))}
                    {keys.other ? <td className="num">{num(a.total - shown)}</td> : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {counts === null ? null : (
        <p className="rank-total" data-testid="area-count-base">
          {t(filter === undefined ? 'areas.countBase' : 'areas.countBaseFiltered', { n: num(counts.total) })}
        </p>
      )}
    </div>
  );
}

function parseRadii(text: string): number[] | null {
  const parts = text.split(/[,，、\s]+/).filter((p) => p !== '');
  const km = parts.map(Number);
  return km.length === 0 || km.some((k) => !Number.isFinite(k) || k <= 0 || k > 200) ? null : km;
}

/** Rings (1/2/3/5 km …) and catchments (辐射区) around a site or a clicked point: each ring a circle area. */
export function RingsTab({ ctx }: { ctx: AreaTabContext }): ReactNode {
  const { t, num, lang } = useI18n();
  const sites = ctx.info.sites;
  const [centre, setCentre] = useState<{ name: string; lng: number; lat: number } | null>(() => {
    const s = sites.find((x) => x.kind === 'project') ?? sites[0];
    return s === undefined ? null : { name: s.name === ctx.info.name ? t('layers.project') : s.name, lng: s.lng, lat: s.lat };
  });
  const [radii, setRadii] = useState('1, 2, 3, 5');
  const [made, setMade] = useState<Area[]>([]);
  const [totals, setTotals] = useState<Record<number, number>>({});
  const [busy, setBusy] = useState(false);
  const km = parseRadii(radii);

  const { client, filter, version } = ctx;
  useEffect(() => {
    if (made.length === 0) return;
    client
      .call('areas.count', { by: 'role', ...(filter === undefined ? {} : { filter }) })
      .then((c) => setTotals(Object.fromEntries(c.areas.map((a) => [a.id, a.total]))))
      .catch(() => setTotals({}));
  }, [client, filter, made, version]);

  const create = async (): Promise<void> => {
    if (centre === null || km === null) return;
    setBusy(true);
    try {
      const added: Area[] = [];
      for (const r of km) {
        added.push(await ctx.client.call('areas.add', { name: `${centre.name}${r}${t('areas.rings.kmSuffix')}`, shape: { kind: 'circle', lng: centre.lng, lat: centre.lat, radiusM: Math.round(r * 1000) } }));
      }
      ctx.record(ctx.commands.added(t('areas.undo.rings', { name: centre.name }), added));
      setMade(added);
      ctx.changed(t('areas.rings.done', { n: added.length }));
      const last = added[added.length - 1];
      if (last !== undefined) ctx.fit(last.ring);
    } catch (e) {
      ctx.setError(errorMessage(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="area-tab area-form" data-testid="area-rings">
      <p className="muted small">{t('areas.rings.about')}</p>
      <label>
        <span>{t('areas.rings.centre')}</span>
        <select
          data-testid="ring-site"
          value={centre === null ? '' : sites.findIndex((s) => s.lng === centre.lng && s.lat === centre.lat)}
          onChange={(e) => {
            const s = sites[Number(e.target.value)];
            if (s !== undefined) setCentre({ name: s.kind === 'project' && s.name === ctx.info.name ? t('layers.project') : s.name, lng: s.lng, lat: s.lat });
          }}
        >
          {sites.map((s, i) => (
            <option key={s.id} value={i}>
              {s.kind === 'project' ? `${t('layers.project')}：${s.name}` : `${t('layers.competitor')}：${s.name}`}
            </option>
          ))}
          <option value={-1} disabled>
            {t('areas.rings.clicked')}
          </option>
        </select>
        <button type="button" data-testid="ring-pick" disabled={!ctx.canPick} onClick={() => ctx.pickPoint((at) => setCentre({ name: t('areas.rings.point'), lng: Math.round(at.lng * 1e6) / 1e6, lat: Math.round(at.lat * 1e6) / 1e6 }))}>
          {t('areas.rings.pick')}
        </button>
      </label>
      <p className="muted small" data-testid="ring-centre">
        {centre === null ? t('areas.rings.noCentre') : `${centre.name}（${centre.lng.toFixed(5)}, ${centre.lat.toFixed(5)}）`}
      </p>
      <label>
        <span>{t('areas.rings.radii')}</span>
        <input type="text" data-testid="ring-radii" value={radii} onChange={(e) => setRadii(e.target.value)} />
      </label>
      {km === null ? <p className="error-box">{t('areas.rings.badRadii')}</p> : null}
      <button type="button" className="primary" data-testid="ring-create" disabled={busy || centre === null || km === null} onClick={() => void create()}>
        {t('areas.rings.create')}
      </button>
      {made.length === 0 ? null : (
        <ul className="plain-list" data-testid="ring-results">
          {made.map((a) => (
            <li key={a.id}>
              {a.name}：{totals[a.id] === undefined ? '…' : t('areas.rings.count', { n: num(totals[a.id] ?? 0) })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** 机会战场: cells or districts near 本案 holding few customers, on the map and as a list; each can become an area. */
export function OpportunitiesTab({ ctx }: { ctx: AreaTabContext }): ReactNode {
  const { t, num, lang } = useI18n();
  const [by, setBy] = useState<'grid' | 'district'>('grid');
  const [radiusKm, setRadiusKm] = useState('5');
  const [cellM, setCellM] = useState('1000');
  const [maxCount, setMaxCount] = useState('2');
  const [minKm, setMinKm] = useState(String(OPPORTUNITY_DEFAULTS.minDistanceM / 1000));
  const [minCommunities, setMinCommunities] = useState(String(OPPORTUNITY_DEFAULTS.minCommunities));
  const [cells, setCells] = useState<Opportunity[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const { setOpportunities } = ctx;
  useEffect(() => setOpportunities(cells ?? [], selected), [cells, selected, setOpportunities]);
  // Leaving the tab takes the cells off the map.
  useEffect(() => () => setOpportunities([], null), [setOpportunities]);

  const find = async (): Promise<void> => {
    try {
      const r = await ctx.client.call('areas.opportunities', {
        by,
        radiusM: Number(radiusKm) * 1000,
        maxCount: Math.max(0, Math.floor(Number(maxCount))),
        minDistanceM: Math.max(0, Number(minKm) * 1000 || 0),
        minCommunities: Math.max(0, Math.floor(Number(minCommunities) || 0)),
        ...(by === 'grid' ? { cellM: Number(cellM) } : {}),
        ...(ctx.filter === undefined ? {} : { filter: ctx.filter }),
      });
      setCells(r.cells);
      setSelected(null);
      ctx.setError(null);
    } catch (e) {
      ctx.setError(errorMessage(e, lang));
    }
  };

  const convert = async (cell: Opportunity): Promise<void> => {
    try {
      const area = await ctx.client.call('areas.add', { name: `${t('areas.opp.prefix')}${cell.label}`, shape: { kind: 'polygon', ring: cell.ring } });
      ctx.record(ctx.commands.added(t('areas.undo.add', { name: area.name }), [area]));
      ctx.changed(t('areas.added', { name: area.name }));
    } catch (e) {
      ctx.setError(errorMessage(e, lang));
    }
  };

  return (
    <div className="area-tab area-form" data-testid="area-opportunities">
      <p className="muted small">{t('areas.opp.about')}</p>
      <div className="form-grid">
        <label>
          <span>{t('areas.opp.by')}</span>
          <select data-testid="opp-by" value={by} onChange={(e) => setBy(e.target.value === 'district' ? 'district' : 'grid')}>
            <option value="grid">{t('areas.opp.grid')}</option>
            <option value="district">{t('areas.opp.district')}</option>
          </select>
        </label>
        <label>
          <span>{t('areas.opp.radius')}</span>
          <input type="number" min={0.5} step={0.5} data-testid="opp-radius" value={radiusKm} onChange={(e) => setRadiusKm(e.target.value)} />
        </label>
        {by === 'grid' ? (
          <label>
            <span>{t('areas.opp.cell')}</span>
            <input type="number" min={200} step={100} data-testid="opp-cell" value={cellM} onChange={(e) => setCellM(e.target.value)} />
          </label>
        ) : null}
        <label>
          <span>{t('areas.opp.max')}</span>
          <input type="number" min={0} step={1} data-testid="opp-max" value={maxCount} onChange={(e) => setMaxCount(e.target.value)} />
        </label>
        <label title={t('areas.opp.minDistanceHint')}>
          <span>{t('areas.opp.minDistance')}</span>
          <input type="number" min={0} step={0.5} data-testid="opp-min-distance" value={minKm} onChange={(e) => setMinKm(e.target.value)} />
        </label>
        <label title={t('areas.opp.minCommunitiesHint')}>
          <span>{t('areas.opp.minCommunities')}</span>
          <input type="number" min={0} step={1} data-testid="opp-min-communities" value={minCommunities} onChange={(e) => setMinCommunities(e.target.value)} />
        </label>
      </div>
      <button type="button" className="primary" data-testid="opp-find" onClick={() => void find()}>
        {t('areas.opp.find')}
      </button>
      {cells === null ? null : cells.length === 0 ? (
        <p className="muted small">{t('areas.opp.none')}</p>
      ) : (
        <div className="rank-table-scroll">
          <table className="rank-table" data-testid="opp-table">
            <thead>
              <tr>
                <th>{t('areas.opp.place')}</th>
                <th className="num">{t('areas.opp.distance')}</th>
                <th className="num">{t('areas.opp.count')}</th>
                <th className="num" title={t('areas.opp.minCommunitiesHint')}>{t('areas.opp.communities')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {cells.map((c) => (
                <tr key={c.key} className={c.key === selected ? 'selected' : ''} data-testid="opp-row" onClick={() => setSelected(c.key === selected ? null : c.key)}>
                  <td className="rank-name" title={c.label}>
                    {c.label}
                  </td>
                  <td className="num">{(c.distanceM / 1000).toFixed(1)} km</td>
                  <td className="num">{num(c.count)}</td>
                  <td className="num">{num(c.communities)}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      data-testid="opp-convert"
                      onClick={(e) => {
                        e.stopPropagation();
                        void convert(c);
                      }}
                    >
                      {t('areas.opp.convert')}
                    </button>
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

import { useState } from 'react';
import type { ReactNode } from 'react';
import type { PlaceBrief, PlaceColumns, PlaceRole } from '../../../native/contract/index.js';
import { useEngineQuery } from '../../engine/engine-context.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { stageKey } from '../../i18n/stage-labels.js';
import type { PointHit } from '../../map/map-view.js';

/** Rows of an aggregated symbol's list per page. */
export const CARD_PAGE = 20;

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

function placeIdsOf(columns: PlaceColumns, indices: readonly number[]): number[] {
  return indices.map((i) => columns.ids[i] ?? 0).filter((id) => id > 0);
}

function stageText(stage: string | null, t: T): string {
  const key = stageKey(stage);
  return key === null ? (stage ?? '') : t(key);
}

/** 「陆昊 · 桂花城 · 成交客户 · 2024-03-02」: who, where, stage, date — what the tooltip and list rows say. */
export function briefLine(b: PlaceBrief, t: T): string {
  return [b.customerName ?? t('card.noName'), b.name ?? '', stageText(b.stage, t), b.date ?? ''].filter((s) => s !== '').join(' · ');
}

/** The tooltip over a hovered point: one place's brief, or a grouped symbol's name and count. */
export function PlaceTooltip({ columns, hit }: { columns: PlaceColumns; hit: PointHit }): ReactNode {
  const { t } = useI18n();
  const first = columns.ids[hit.indices[0] ?? -1] ?? 0;
  const brief = useEngineQuery((c) => c.call('places.brief', { placeIds: [first] }), [first], false).data?.[0];
  if (brief === undefined) return null;
  const text = hit.indices.length > 1 ? t('card.group', { name: brief.name ?? '', n: hit.indices.length }) : briefLine(brief, t);
  return (
    <div className="place-tooltip" data-testid="place-tooltip" style={{ left: hit.x + 12, top: hit.y + 12 }}>
      {text}
    </div>
  );
}

export interface PlaceCardProps {
  columns: PlaceColumns;
  hit: PointHit;
  /** Highlight these place ids on the map (null clears). */
  onHighlight(placeIds: Uint32Array | null): void;
  onClose(): void;
}

/** A clicked point's card (the customer, their records and places) or a grouped symbol's customers, paged. */
export function PlaceCard({ columns, hit, onHighlight, onClose }: PlaceCardProps): ReactNode {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<number | null>(null);
  const ids = placeIdsOf(columns, hit.indices);
  const single = chosen ?? (ids.length === 1 ? (ids[0] ?? null) : null);
  return (
    <aside className="place-card" data-testid="place-card" aria-label={t('card.title')}>
      <button type="button" className="place-card-close" aria-label={t('card.close')} data-testid="place-card-close" onClick={onClose}>
        ×
      </button>
      {single === null ? <GroupList ids={ids} onChoose={setChosen} /> : <Customer placeId={single} onHighlight={onHighlight} onBack={ids.length > 1 ? () => setChosen(null) : null} />}
    </aside>
  );
}

function GroupList({ ids, onChoose }: { ids: number[]; onChoose(placeId: number): void }): ReactNode {
  const { t, num } = useI18n();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(ids.length / CARD_PAGE));
  const slice = ids.slice(page * CARD_PAGE, (page + 1) * CARD_PAGE);
  const rows = useEngineQuery((c) => c.call('places.brief', { placeIds: slice }), [slice.join(',')], false).data ?? [];
  return (
    <>
      <h3 data-testid="place-card-title">{t('card.group', { name: rows[0]?.name ?? '', n: num(ids.length) })}</h3>
      <ul className="place-card-list" data-testid="place-card-list">
        {rows.map((b) => (
          <li key={b.placeId}>
            <button type="button" className="link-button" onClick={() => onChoose(b.placeId)}>
              {briefLine(b, t)}
            </button>
          </li>
        ))}
      </ul>
      {pages > 1 ? (
        <div className="place-card-pages">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)} data-testid="place-card-prev">
            {t('card.prev')}
          </button>
          <span data-testid="place-card-page">{t('card.page', { page: page + 1, pages })}</span>
          <button type="button" disabled={page >= pages - 1} onClick={() => setPage(page + 1)} data-testid="place-card-next">
            {t('card.next')}
          </button>
        </div>
      ) : null}
    </>
  );
}

function Customer({ placeId, onHighlight, onBack }: { placeId: number; onHighlight(ids: Uint32Array | null): void; onBack: (() => void) | null }): ReactNode {
  const { t } = useI18n();
  const detail = useEngineQuery((c) => c.call('places.detail', { placeId }), [placeId], false).data;
  if (detail === null) return <p>{t('card.loading')}</p>;
  const role = (r: PlaceRole): string => t(roleKeys[r]);
  return (
    <>
      {onBack === null ? null : (
        <button type="button" className="link-button" onClick={onBack}>
          {t('card.back')}
        </button>
      )}
      <h3 data-testid="place-card-title">{detail.customer?.name ?? t('card.noName')}</h3>
      <p data-testid="place-card-phone">{t('card.phone', { phone: detail.customer?.phone ?? '—' })}</p>
      <h4>{t('card.records')}</h4>
      <ul className="place-card-list" data-testid="place-card-records">
        {detail.records.map((r) => (
          <li key={r.id}>{[stageText(r.stage, t), r.date ?? '', r.source ?? ''].filter((s) => s !== '').join(' · ')}</li>
        ))}
      </ul>
      <h4>{t('card.places')}</h4>
      <ul className="place-card-list" data-testid="place-card-places">
        {detail.places.map((p) => (
          <li key={p.placeId} className={p.placeId === placeId ? 'current' : undefined}>
            {role(p.role)} · {p.name ?? p.address ?? '—'}
          </li>
        ))}
      </ul>
      {detail.places.length > 1 ? (
        <button type="button" data-testid="place-card-highlight" onClick={() => onHighlight(Uint32Array.from(detail.places.map((p) => p.placeId)))}>
          {t('card.highlight', { n: detail.places.length })}
        </button>
      ) : null}
    </>
  );
}

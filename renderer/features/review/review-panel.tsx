import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { PlaceRole, Result, ReviewPlace } from '../../../native/contract/index.js';
import { roleKeys } from '../../i18n/role-labels.js';
import { useI18n } from '../../i18n/i18n.js';
import type { EngineClient } from '../../engine/engine-client.js';
import { useEngine } from '../../engine/engine-context.js';
import type { MessageKey } from '../../i18n/messages.js';
import { roleColors } from '../../map/place-layers.js';
import { errorMessage } from '../../engine/error-text.js';
import { savedGeocodeKey } from './geocode-key.js';

type Precision = ReviewPlace['precision'];

export const precisionKeys: Record<Precision, MessageKey> = {
  coordinate: 'review.precision.coordinate',
  address: 'import.precision.address',
  community: 'import.precision.community',
  road: 'import.precision.road',
  district: 'import.precision.district',
  city: 'import.precision.city',
};

/** One character per role, so the icon still reads for colour-blind planners. */
const roleGlyphs: Record<PlaceRole, MessageKey> = { home: 'review.glyph.home', work: 'review.glyph.work', leisure: 'review.glyph.leisure' };

export function roleCss(role: PlaceRole): string {
  const [r, g, b] = roleColors[role];
  return `rgb(${r} ${g} ${b})`;
}

/** A district or city centre is no answer: confirming it would teach the gazetteer a wrong spot. */
export function needsPlacing(place: ReviewPlace): boolean {
  return place.precision === 'district' || place.precision === 'city';
}

export function RoleIcon({ role }: { role: PlaceRole }): ReactNode {
  const { t } = useI18n();
  return (
    <span className="role-icon" style={{ background: roleCss(role) }} title={t(roleKeys[role])} aria-label={t(roleKeys[role])}>
      {t(roleGlyphs[role])}
    </span>
  );
}

export interface ReviewPanelProps {
  places: readonly ReviewPlace[] | null;
  /** The engine was asked for at most this many; a full list means there may be more. */
  limit: number;
  selectedId: number | null;
  onSelect(place: ReviewPlace): void;
  onLocate(): void;
  disabled: boolean;
}

/** 待核对: places known only to district/city level or flagged, each to be placed by hand. */
export function ReviewPanel({ places, limit, selectedId, onSelect, onLocate, disabled }: ReviewPanelProps): ReactNode {
  const { t, num } = useI18n();
  if (places === null) return null;
  return (
    <section className="review-panel" aria-label={t('review.title')} data-testid="review-panel">
      <div className="review-head">
        <h2>{t('review.title')}</h2>
        <span className={places.length > 0 ? 'count-badge warn' : 'count-badge'} data-testid="review-count" aria-label={t('review.countLabel', { n: places.length })}>
          {places.length >= limit ? `${num(limit)}+` : num(places.length)}
        </span>
        <button type="button" className="link-button" data-testid="geocode-online" disabled={disabled} onClick={onLocate}>
          {t('review.online')}
        </button>
      </div>
      {places.length === 0 ? (
        <p className="muted small">{t('review.empty')}</p>
      ) : (
        <ul className="review-list">
          {places.map((p) => {
            const name = p.name ?? p.address ?? t('review.noName');
            const selected = p.id === selectedId;
            return (
              <li key={p.id}>
                <button
                  type="button"
                  className={selected ? 'review-item selected' : 'review-item'}
                  data-testid={`review-item-${p.id}`}
                  aria-pressed={selected}
                  aria-label={t('review.selectLabel', { name })}
                  disabled={disabled}
                  onClick={() => onSelect(p)}
                >
                  <span className="review-line">
                    <RoleIcon role={p.role} />
                    <span className="review-name">{name}</span>
                    <span className={`precision-tag precision-${p.precision}`}>{t(precisionKeys[p.precision])}</span>
                  </span>
                  {p.address !== null && p.address !== name ? (
                    <span className="review-address muted" title={p.address}>
                      {p.address}
                    </span>
                  ) : null}
                  {p.flags.length > 0 ? (
                    <span className="review-flags" title={p.flags.join('\n')}>
                      {p.flags.join('；')}
                    </span>
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {places.length >= limit ? <p className="muted small">{t('review.more', { n: num(limit) })}</p> : null}
    </section>
  );
}

type Candidate = Result<'geocode.candidates'>[number];

/** The contract leaves source open (a new provider needs no renderer change): unknown ones show as sent. */
const sourceKeys: Record<string, MessageKey> = {
  gazetteer: 'review.source.gazetteer',
  amap: 'geocode.provider.amap',
  baidu: 'geocode.provider.baidu',
  tianditu: 'geocode.provider.tianditu',
  centroid: 'review.source.centroid',
};

/** Same rounding as a map click, so a picked candidate and the position it became compare equal. */
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Answers are tagged with their place: a reply for an earlier selection is recognisably stale. */
type CandidatesState = { placeId: number; list: readonly Candidate[]; error: null } | { placeId: number; list: null; error: string };

function CandidateList({ client, place, position, disabled, onPick }: { client: EngineClient; place: ReviewPlace; position: PlacingCardProps['position']; disabled: boolean; onPick: PlacingCardProps['onPick'] }): ReactNode {
  const { t, lang } = useI18n();
  const [state, setState] = useState<CandidatesState | null>(null);

  useEffect(() => {
    // Latest request wins: a slower answer for a place no longer selected is dropped.
    let current = true;
    const online = savedGeocodeKey();
    client
      .call('geocode.candidates', online === null ? { placeId: place.id } : { placeId: place.id, provider: online.provider, key: online.key })
      .then(
        (list) => {
          if (current) setState({ placeId: place.id, list, error: null });
        },
        (e: unknown) => {
          if (current) setState({ placeId: place.id, list: null, error: errorMessage(e, lang) });
        },
      );
    return () => {
      current = false;
    };
  }, [client, place.id]);

  const mine = state !== null && state.placeId === place.id ? state : null;
  let body: ReactNode;
  if (mine === null) {
    body = (
      <p className="muted small candidates-note" aria-busy="true">
        <span className="spinner small-spinner" aria-hidden="true" />
        {t('review.candidatesLoading')}
      </p>
    );
  } else if (mine.error !== null) {
    body = <p className="muted small candidates-note candidates-error">{t('review.candidatesFailed', { reason: mine.error })}</p>;
  } else if (mine.list.length === 0) {
    body = <p className="muted small candidates-note">{t('review.candidatesEmpty')}</p>;
  } else {
    body = (
      <ul className="candidate-list">
        {mine.list.map((c, i) => {
          const chosen = position !== null && position.lng === round6(c.lng) && position.lat === round6(c.lat);
          const key = sourceKeys[c.source];
          return (
            <li key={`${c.source}-${c.lng}-${c.lat}`}>
              <button
                type="button"
                className={chosen ? 'candidate selected' : 'candidate'}
                data-testid={`review-candidate-${i}`}
                data-source={c.source}
                data-lng={c.lng}
                data-lat={c.lat}
                aria-pressed={chosen}
                aria-label={t('review.candidatePick', { label: c.label })}
                title={c.detail === "" ? c.label : `${c.label} · ${c.detail}`}
                disabled={disabled}
                onClick={() => onPick({ lng: c.lng, lat: c.lat })}
              >
                <span className="candidate-label">{c.label}</span>
                <span className={`source-tag source-${c.source}`}>{key === undefined ? c.source : t(key)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    );
  }
  return (
    <div className="placing-candidates" data-testid="review-candidates" data-state={mine === null ? 'loading' : mine.error !== null ? 'error' : 'ready'}>
      <h3>{t('review.candidates')}</h3>
      {body}
    </div>
  );
}

export interface PlacingCardProps {
  place: ReviewPlace;
  /** Where the planner put it; null while it still sits where the import left it. */
  position: { lng: number; lat: number } | null;
  busy: boolean;
  error: string | null;
  /** A candidate was chosen: the same as clicking the map there. */
  onPick(at: { lng: number; lat: number }): void;
  onConfirm(): void;
  onCancel(): void;
}

/** Floats over the map while a place is being placed: what, where, and the way out. */
export function PlacingCard({ place, position, busy, error, onPick, onConfirm, onCancel }: PlacingCardProps): ReactNode {
  const { client } = useEngine();
  const { t } = useI18n();
  const canConfirm = !busy && (position !== null || !needsPlacing(place));
  const name = place.name ?? place.address ?? t('review.noName');
  return (
    <div className="placing-card" data-testid="review-placing" role="group" aria-label={t('review.selectLabel', { name })}>
      <div className="placing-title">
        <RoleIcon role={place.role} />
        <strong className="placing-name" title={name}>
          {name}
        </strong>
        <span className={`precision-tag precision-${place.precision}`}>{t(precisionKeys[place.precision])}</span>
      </div>
      <p className="placing-hint">
        {t('review.placeHint')}
        <span className="muted small placing-keys">{t('review.keysHint')}</span>
      </p>
      <p className="placing-pos small" data-testid="review-position" data-lng={position?.lng ?? ''} data-lat={position?.lat ?? ''}>
        {position === null ? <span className="muted">{t('review.unmoved')}</span> : t('review.position', { lng: position.lng.toFixed(6), lat: position.lat.toFixed(6) })}
      </p>
      <CandidateList client={client} place={place} position={position} disabled={busy} onPick={onPick} />
      {error === null ? null : (
        <p className="error-box small" role="alert">
          {error}
        </p>
      )}
      <div className="placing-actions">
        <button type="button" data-testid="review-cancel" disabled={busy} onClick={onCancel} aria-keyshortcuts="Escape">
          {t('dialog.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="review-confirm"
          disabled={!canConfirm}
          title={position === null && needsPlacing(place) ? t('review.needsPlace') : undefined}
          onClick={onConfirm}
          aria-keyshortcuts="Enter"
        >
          {busy ? t('review.confirming') : t('review.confirm')}
        </button>
      </div>
    </div>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReviewPlace } from '../../../native/contract/index.js';
import { useActions } from '../../actions/actions-context.js';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ReviewMarker } from '../../map/map-view.js';
import { needsPlacing, roleCss } from './review-panel.js';

/** How many review places the sidebar lists; the engine has them all. */
export const REVIEW_LIMIT = 1000;

type At = { lng: number; lat: number };

export interface Review {
  /** Places waiting for review; null without a project or when the list could not be read. */
  places: ReviewPlace[] | null;
  reviewing: ReviewPlace | null;
  placed: At | null;
  flyTo: At | null;
  busy: boolean;
  error: string | null;
  marker: ReviewMarker | null;
  select(place: ReviewPlace): void;
  cancel(): void;
  /** The planner clicked the map while placing. */
  place(at: At): void;
  /** A candidate was chosen: placed there, and brought into view. */
  pick(at: At): void;
  confirm(): Promise<void>;
}

/** 待确认: the review list, the place being placed on the map and its confirmation (Enter / Esc while placing). */
export function useReview(toast: (message: string) => void): Review {
  const { client, info, refresh, noteChange } = useEngine();
  const { t, num, lang } = useI18n();
  // Secondary, like the batch list: a failed refresh keeps the panel out of the way.
  const places = useEngineQuery(info === null ? null : (c) => c.call('geocode.review', { limit: REVIEW_LIMIT }), [info?.path]).data;
  const [reviewing, setReviewing] = useState<ReviewPlace | null>(null);
  const [placed, setPlaced] = useState<At | null>(null);
  const [flyTo, setFlyTo] = useState<At | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Ids belong to one project file: a newly opened project starts with nothing selected.
  const path = info?.path ?? null;
  useEffect(() => {
    setReviewing(null);
    setPlaced(null);
  }, [path]);
  // A place answered elsewhere (a geocoding run, another confirm of the same name) leaves the list: stop placing it.
  useEffect(() => {
    if (reviewing !== null && (places === null || !places.some((p) => p.id === reviewing.id))) {
      setReviewing(null);
      setPlaced(null);
    }
  }, [places, reviewing]);

  const select = useCallback((place: ReviewPlace) => {
    setReviewing(place);
    setPlaced(null);
    setError(null);
    setFlyTo({ lng: place.lng, lat: place.lat });
  }, []);
  const cancel = useCallback(() => {
    setReviewing(null);
    setPlaced(null);
    setError(null);
  }, []);
  const place = useCallback((at: At) => {
    // Six decimals is ~0.1 m: more is noise from the pixel the planner clicked.
    setPlaced({ lng: Math.round(at.lng * 1e6) / 1e6, lat: Math.round(at.lat * 1e6) / 1e6 });
  }, []);
  // A candidate may lie outside the view: bring it in, or the marker would move out of sight.
  const pick = useCallback(
    (at: At) => {
      place(at);
      setFlyTo(at);
    },
    [place],
  );

  const canConfirm = reviewing !== null && !busy && (placed !== null || !needsPlacing(reviewing));
  const confirm = async (): Promise<void> => {
    if (reviewing === null || !canConfirm) return;
    const at = placed ?? { lng: reviewing.lng, lat: reviewing.lat };
    setBusy(true);
    setError(null);
    try {
      const r = await client.call('geocode.confirm', { placeId: reviewing.id, lng: at.lng, lat: at.lat });
      toast(t('review.confirmed', { name: reviewing.name ?? reviewing.address ?? t('review.noName'), n: num(r.moved) }));
      setReviewing(null);
      setPlaced(null);
      // Our own project.changed is left to us by the event handler: reload the points here.
      noteChange();
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Enter confirms and Esc cancels a placement (a dialog's modal key layer keeps them while it is open).
  useActions('review', [
    { id: 'review.confirm', label: 'cmd.confirmPlace', menu: null, keys: ['Enter'], enabled: reviewing !== null, history: 'none', perform: confirm },
    { id: 'review.cancel', label: 'cmd.cancelPlace', menu: null, keys: ['Escape'], enabled: reviewing !== null, history: 'none', perform: cancel },
  ]);

  const marker = useMemo<ReviewMarker | null>(() => {
    if (reviewing === null) return null;
    const at = placed ?? reviewing;
    return { id: reviewing.id, lng: at.lng, lat: at.lat, color: roleCss(reviewing.role), label: reviewing.name ?? reviewing.address ?? '' };
  }, [reviewing, placed]);

  return { places, reviewing, placed, flyTo, busy, error: error === null ? null : errorMessage(error, lang), marker, select, cancel, place, pick, confirm };
}

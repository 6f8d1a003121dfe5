import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PlaceColumns } from '../../../native/contract/index.js';
import { markHighlighted } from '../../map/ketu-hook.js';
import type { PointHit } from '../../map/map-view.js';
import { indicesOfIds, pickHighlight } from '../../map/place-layers.js';

export interface PointCard {
  hover: PointHit | null;
  card: PointHit | null;
  onHover(hit: PointHit | null): void;
  onClick(hit: PointHit): void;
  close(): void;
  /** The card's customer's places to highlight (place ids), or null. */
  setHighlight(placeIds: Uint32Array | null): void;
  /** Their points as drawn, or null. */
  picked: ReturnType<typeof pickHighlight> | null;
}

/** Hover tooltip, click card and the card's highlight of one customer's places; cleared when the project changes. */
export function usePointCard(columns: PlaceColumns | null, projectPath: string | null): PointCard {
  const [hover, setHover] = useState<PointHit | null>(null);
  const [card, setCard] = useState<PointHit | null>(null);
  const [ids, setIds] = useState<Uint32Array | null>(null);
  useEffect(() => {
    setHover(null);
    setCard(null);
    setIds(null);
  }, [projectPath]);
  // The pointer moving over the same point keeps the tooltip (and the workbench) as it is.
  const onHover = useCallback((hit: PointHit | null) => {
    setHover((prev) => (prev?.indices[0] === hit?.indices[0] && prev?.indices.length === hit?.indices.length ? prev : hit));
  }, []);
  const onClick = useCallback((hit: PointHit) => {
    setCard(hit);
    setIds(null);
  }, []);
  const close = useCallback(() => {
    setCard(null);
    setIds(null);
  }, []);
  const picked = useMemo(() => (columns === null || ids === null ? null : pickHighlight(columns, indicesOfIds(columns.ids, ids))), [columns, ids]);
  useEffect(() => markHighlighted(ids === null ? [] : [...ids]), [ids]);
  return { hover, card, onHover, onClick, close, setHighlight: setIds, picked };
}

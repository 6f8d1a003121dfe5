import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PlaceColumns } from '../../native/contract/index.js';
import type { RankHighlight } from '../features/rankings/rankings-panel.js';
import type { Bounds } from '../map/map-view.js';
import { countDrawnInBounds } from '../map/layers/use-layer-stack.js';
import type { LayerStack } from '../map/layers/use-layer-stack.js';
import { indicesOfIds, pickHighlight } from '../map/place-layers.js';

export interface Drawers {
  rankingsOpen: boolean;
  areasOpen: boolean;
  highlight: RankHighlight | null;
  setHighlight(highlight: RankHighlight | null): void;
  /** The highlighted places as drawn: their points and bounds. */
  picked: ReturnType<typeof pickHighlight> | null;
  /** Points drawn inside the current view (the status bar's count). */
  visiblePoints: number;
  closeRankings(): void;
  closeAreas(): void;
  commands: { rankingsOpen: boolean; toggleRankings(): void; areasOpen: boolean; toggleAreas(): void };
}

/** The right-side drawers (排名, 目标区域) share one place; a ranking row highlights its places on the map. */
export function useMapHighlight(columns: PlaceColumns | null, projectPath: string | null, fit: (bounds: Bounds) => void, bounds: Bounds | null, stack: LayerStack): Drawers {
  const [rankingsOpen, setRankingsOpen] = useState(false);
  const [areasOpen, setAreasOpen] = useState(false);
  const [highlight, setHighlight] = useState<RankHighlight | null>(null);

  // Ids belong to one project file: a newly opened project starts with nothing highlighted.
  useEffect(() => {
    setHighlight(null);
    if (projectPath === null) {
      setRankingsOpen(false);
      setAreasOpen(false);
    }
  }, [projectPath]);

  // Ids map to indices of the current columns, so a reload of the points keeps the highlight on the right places.
  const picked = useMemo(() => (columns === null || highlight === null ? null : pickHighlight(columns, indicesOfIds(columns.ids, highlight.ids))), [columns, highlight]);
  // Fit once per picked row, not on every reload of the points under it.
  const fittedFor = useRef<RankHighlight | null>(null);
  useEffect(() => {
    if (highlight === null || picked === null) {
      fittedFor.current = null;
      return;
    }
    if (fittedFor.current?.by === highlight.by && fittedFor.current.key === highlight.key) return;
    fittedFor.current = highlight;
    if (picked.bounds !== null) fit(picked.bounds);
  }, [highlight, picked, fit]);

  const toggleRankings = useCallback(() => {
    // Closing the drawer takes its highlight with it: nothing on the map refers to a hidden table.
    if (rankingsOpen) setHighlight(null);
    setRankingsOpen(!rankingsOpen);
    setAreasOpen(false);
  }, [rankingsOpen]);
  const toggleAreas = useCallback(() => {
    if (!areasOpen) {
      setHighlight(null);
      setRankingsOpen(false);
    }
    setAreasOpen(!areasOpen);
  }, [areasOpen]);
  const closeRankings = useCallback(() => {
    setHighlight(null);
    setRankingsOpen(false);
  }, []);
  const closeAreas = useCallback(() => setAreasOpen(false), []);
  const visiblePoints = useMemo(() => (columns === null || bounds === null || stack.drawn === null ? 0 : countDrawnInBounds(columns, stack.drawn, bounds)), [columns, bounds, stack.drawn]);

  return { rankingsOpen, areasOpen, highlight, setHighlight, picked, visiblePoints, closeRankings, closeAreas, commands: { rankingsOpen, toggleRankings, areasOpen, toggleAreas } };
}

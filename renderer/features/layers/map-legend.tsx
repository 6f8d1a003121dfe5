import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { rgbCss } from '../../map/layers/layer-context.js';
import type { LegendEntry } from '../../map/layers/layer-context.js';
import { layerTitle } from '../../map/layers/layer-title.js';
import type { LayerLegend } from '../../map/layers/use-layer-stack.js';

function Symbol({ entry }: { entry: LegendEntry }): ReactNode {
  const color = rgbCss(entry.color);
  if (entry.shape === 'text') return <span className="legend-symbol text" aria-hidden="true" />;
  if (entry.shape === 'line') return <span className="legend-symbol line" style={{ background: color }} aria-hidden="true" />;
  if (entry.shape === 'ring') return <span className="legend-symbol ring" style={{ borderColor: color }} aria-hidden="true" />;
  // A size key (grouped symbols): the disc to scale against the largest group's, 16 px across.
  const sized = entry.size === undefined ? {} : { width: `${Math.max(3, 16 * entry.size)}px`, height: `${Math.max(3, 16 * entry.size)}px` };
  return <span className={entry.shape === 'dot' ? 'legend-symbol dot' : 'legend-symbol square'} style={{ background: color, ...sized }} aria-hidden="true" />;
}

/** The visible layers' legends over the map, top layer first, each entry with the places it stands for. */
export function MapLegend({ legends }: { legends: LayerLegend[] }): ReactNode {
  const { t, num } = useI18n();
  const shown = [...legends].reverse().filter((l) => l.entries.length > 0);
  if (shown.length === 0) return null;
  return (
    <aside className="map-legend" data-testid="map-legend" aria-label={t('legend.title')}>
      {shown.map(({ config, entries }) => (
        <section key={config.id} data-testid={`legend-${config.id}`}>
          <h4>{layerTitle(config, t)}</h4>
          <ul>
            {entries.map((e, i) => (
              <li key={`${e.label}-${i}`}>
                <Symbol entry={e} />
                <span className="legend-label" title={e.label}>
                  {e.label}
                </span>
                {e.count === null ? null : <span className="legend-count">{num(e.count)}</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}

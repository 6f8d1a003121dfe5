import type { ReactNode } from 'react';
import { placeRoles } from '../../native/contract/index.js';
import type { PlaceRole } from '../../native/contract/index.js';
import type { MessageKey } from '../i18n/messages.js';
import { useI18n } from '../i18n/i18n.js';
import type { LayerVisibility } from '../map/map-view.js';
import { roleColors } from '../map/place-layers.js';
import { siteStyles } from '../map/site-layers.js';

export interface LayerListProps {
  visibility: LayerVisibility;
  roleCounts: Record<PlaceRole, number> | null;
  siteCounts: { project: number; competitor: number } | null;
  onToggle(key: keyof LayerVisibility, visible: boolean): void;
}

const roleKeys: Record<PlaceRole, MessageKey> = { home: 'layers.home', work: 'layers.work', leisure: 'layers.leisure' };

function Row({ id, label, swatch, count, checked, onChange, round = true }: { id: string; label: string; swatch?: string; count?: number | null; checked: boolean; onChange(v: boolean): void; round?: boolean }): ReactNode {
  const { t, num } = useI18n();
  return (
    <li className="layer-row" data-testid={`layer-${id}`}>
      <label>
        <input type="checkbox" checked={checked} aria-label={t('layers.show', { name: label })} onChange={(e) => onChange(e.target.checked)} />
        {swatch === undefined ? <span className="swatch basemap" aria-hidden="true" /> : <span className={round ? 'swatch' : 'swatch square'} style={{ background: swatch }} aria-hidden="true" />}
        <span className="layer-name">{label}</span>
        {count === undefined || count === null ? null : (
          <span className="layer-count" data-testid={`count-${id}`}>
            {num(count)}
          </span>
        )}
      </label>
    </li>
  );
}

export function LayerList({ visibility, roleCounts, siteCounts, onToggle }: LayerListProps): ReactNode {
  const { t } = useI18n();
  return (
    <nav className="layer-list" aria-label={t('layers.title')} data-testid="layer-list">
      <h2>{t('layers.title')}</h2>
      <h3>{t('layers.sitesTitle')}</h3>
      <ul>
        {(['project', 'competitor'] as const).map((kind) => (
          <Row key={kind} id={kind} label={t(kind === 'project' ? 'layers.project' : 'layers.competitor')} swatch={siteStyles[kind].color} count={siteCounts?.[kind] ?? null} checked={visibility[kind]} onChange={(v) => onToggle(kind, v)} />
        ))}
      </ul>
      <h3>{t('layers.places')}</h3>
      <ul>
        {placeRoles.map((role) => {
          const [r, g, b] = roleColors[role];
          return <Row key={role} id={role} label={t(roleKeys[role])} swatch={`rgb(${r} ${g} ${b})`} count={roleCounts?.[role] ?? null} checked={visibility[role]} onChange={(v) => onToggle(role, v)} />;
        })}
      </ul>
      <ul className="basemap-row">
        <Row id="basemap" label={t('layers.basemap')} checked={visibility.basemap} onChange={(v) => onToggle('basemap', v)} round={false} />
      </ul>
    </nav>
  );
}

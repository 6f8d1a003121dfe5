import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

export interface TopBarProps {
  projectName: string | null;
  hasProject: boolean;
  onOpen(): void;
  onImport(): void;
  onExport(): void;
  rankingsOpen: boolean;
  onRankings(): void;
  /** 目标区域 drawer: drawing tools, area list, counts and lists. */
  areasOpen?: boolean;
  onAreas?(): void;
  /** 底图 picker (basemap-picker.tsx), before the language switch. */
  basemapPicker?: ReactNode;
  /** Why editing is off (a saved version open read-only): import and areas wait, the reason on hover. */
  readOnly?: string | null;
}

export function TopBar({ projectName, hasProject, onOpen, onImport, onExport, rankingsOpen, onRankings, areasOpen = false, onAreas, basemapPicker, readOnly = null }: TopBarProps): ReactNode {
  const { t, lang, setLang } = useI18n();
  return (
    <header className="top-bar">
      <div className="brand" aria-label="客图 KeTu">
        <span className="brand-mark" aria-hidden="true">
          客
        </span>
        <span className="brand-name">客图 KeTu</span>
      </div>
      <div className="project-name" data-testid="project-name" title={projectName ?? undefined}>
        {projectName ?? t('app.noProject')}
      </div>
      <div className="toolbar" role="toolbar" aria-label={t('top.toolbar')}>
        <button type="button" data-testid="open-button" onClick={onOpen} aria-keyshortcuts="Control+O" title="Ctrl+O">
          {t('top.open')}
        </button>
        <button type="button" data-testid="import-button" onClick={onImport} disabled={!hasProject || readOnly !== null} aria-keyshortcuts="Control+I" title={readOnly ?? 'Ctrl+I'}>
          {t('top.import')}
        </button>
        <button type="button" data-testid="export-button" onClick={onExport} disabled={!hasProject} aria-keyshortcuts="Control+E" title="Ctrl+E">
          {t('top.export')}
        </button>
        <button type="button" data-testid="rankings-button" className={rankingsOpen ? 'active' : ''} onClick={onRankings} disabled={!hasProject} aria-pressed={rankingsOpen}>
          {t('top.rankings')}
        </button>
        {onAreas === undefined ? null : (
          <button type="button" data-testid="areas-button" className={areasOpen ? 'active' : ''} onClick={onAreas} disabled={!hasProject || readOnly !== null} aria-pressed={areasOpen} title={readOnly ?? undefined}>
            {t('top.areas')}
          </button>
        )}
        {basemapPicker}
        <button
          type="button"
          className="lang-switch"
          data-testid="lang-switch"
          aria-label={t('top.langLabel')}
          lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
          onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('top.lang')}
        </button>
      </div>
    </header>
  );
}

import { useState } from 'react';
import type { ReactNode } from 'react';
import { useEngine, useEngineQuery } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorBox } from '../../ui/modal.js';

/**
 * 最近的项目 on the start screen and in 打开项目: one click opens; a file no longer where it was is shown
 * as missing (not openable) and can be removed from the list, as any entry can.
 */
export function RecentProjects({ onOpen }: { onOpen(path: string): Promise<void> }): ReactNode {
  const { client } = useEngine();
  const { t, lang } = useI18n();
  const [removed, setRemoved] = useState(0);
  const recents = useEngineQuery((c) => c.call('recents.list', {}), [removed]);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const list = recents.data?.projects ?? [];
  if (list.length === 0 && error === null) return null;

  const open = async (path: string): Promise<void> => {
    setOpening(path);
    setError(null);
    try {
      await onOpen(path);
    } catch (e) {
      setError(errorMessage(e, lang));
    } finally {
      setOpening(null);
    }
  };
  const remove = async (path: string): Promise<void> => {
    try {
      await client.call('recents.remove', { path });
      setRemoved((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e, lang));
    }
  };

  return (
    <section className="recent-projects" aria-label={t('open.recent')} data-testid="recent-projects">
      <h3>{t('open.recent')}</h3>
      <ul>
        {list.map((p) => (
          <li key={p.path} className={p.missing ? 'recent missing' : 'recent'} data-testid="recent-project" data-missing={p.missing ? 'true' : 'false'}>
            <button type="button" className="recent-open" disabled={p.missing || opening !== null} title={p.path} onClick={() => void open(p.path)}>
              <span className="recent-name">{p.name}</span>
              <span className="recent-path muted small">{p.missing ? `${t('open.recentMissing')} · ${p.path}` : p.path}</span>
            </button>
            <button type="button" className="icon-button" data-testid="recent-remove" aria-label={t('open.recentRemove')} title={t('open.recentRemove')} onClick={() => void remove(p.path)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <ErrorBox message={error} />
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { GazetteerHit } from '../../../native/contract/index.js';
import { useEngine } from '../../engine/engine-context.js';
import { errorMessage } from '../../engine/error-text.js';
import { useI18n } from '../../i18n/i18n.js';

/** Typing pauses this long before the engine is asked. */
const SEARCH_DEBOUNCE_MS = 250;

/** 本案 and 竞品 by name: the bundled gazetteer (and the open project's), `city` first; picking a hit hands it over. */
export function SiteSearch({ city, onPick, testId }: { city: string; onPick(hit: GazetteerHit): void; testId: string }): ReactNode {
  const { client } = useEngine();
  const { t, lang } = useI18n();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ q: string; list: GazetteerHit[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setHits(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      client.call('gazetteer.search', city.trim() === '' ? { query: q } : { query: q, city: city.trim() }).then(
        (list) => {
          if (!current) return;
          setHits({ q, list });
          setError(null);
        },
        (e: unknown) => {
          if (current) setError(errorMessage(e, lang));
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, city, client, lang]);

  return (
    <div className="site-search">
      <input type="search" data-testid={testId} value={query} placeholder={t('open.new.search')} spellCheck={false} onChange={(e) => setQuery(e.target.value)} />
      {error === null ? null : <p className="error-box">{error}</p>}
      {hits === null ? null : hits.list.length === 0 ? (
        <p className="muted small">{t('open.new.noHits', { q: hits.q })}</p>
      ) : (
        <ul className="site-hits" data-testid={`${testId}-hits`}>
          {hits.list.map((h) => (
            <li key={`${h.source}:${h.label}:${h.lng}:${h.lat}`}>
              <button
                type="button"
                onClick={() => {
                  onPick(h);
                  setQuery('');
                }}
              >
                <span>{h.label}</span>
                <span className="muted small">{h.detail}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

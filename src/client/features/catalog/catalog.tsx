// The catalog: every title with its poster, kind and how access is decided.
import type { CatalogEntry } from '../../../shared/api/app-config.ts';
import type { EntryBadge } from './entitlement-badges-query.ts';

export function Catalog({
  entries,
  signedIn,
  badges,
  onWatch,
}: {
  entries: CatalogEntry[];
  /** Signed out, Watch still works: it signs in first and comes back to the title. */
  signedIn: boolean;
  /** Pre-authorization per entry, once known. */
  badges?: Record<string, EntryBadge> | undefined;
  onWatch(entry: CatalogEntry): void;
}) {
  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">Watch now</h2>
      {signedIn ? null : <p className="hint">Pick a title: you’ll sign in first and come straight back to it.</p>}
      {signedIn ? null : (
        <span id="watch-needs-sign-in" className="visually-hidden">
          Signs you in first
        </span>
      )}
      <ul className="catalog">
        {entries.map((entry) => (
          <li key={entry.id} className="card">
            <img src={entry.poster} alt="" width={320} height={180} />
            <div className="card-body">
              <h3>{entry.title}</h3>
              <p className="badges">
                <span className={`badge ${entry.kind}`}>{entry.kind === 'live' ? 'Live channel' : 'On demand'}</span>
                <span className="badge">{entry.rating}</span>
                <span className="badge access">{entry.access === 'tve' ? 'With your TV provider' : 'Direct entitlement'}</span>
              </p>
              {badges?.[entry.id] ? (
                <p className={`entitlement ${badges[entry.id]!.tone}`} data-testid={`badge-${entry.id}`}>
                  {badges[entry.id]!.label}
                </p>
              ) : null}
              <p>{entry.description}</p>
              <button type="button" className="primary" onClick={() => onWatch(entry)} aria-label={`Watch ${entry.title}`} aria-describedby={signedIn ? undefined : 'watch-needs-sign-in'}>
                Watch
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

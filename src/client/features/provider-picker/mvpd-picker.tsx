// Grid of TV providers with logos and a search box. Selecting one must call back
// synchronously from the click, so the caller can open the login popup right there.
import { useId, useState } from 'react';
import { useConfiguration } from './configuration-query.ts';

export function MvpdPicker({ onPick }: { onPick(mvpd: string): void }) {
  const { data, error, isPending } = useConfiguration();
  const [filter, setFilter] = useState('');
  const searchId = useId();
  if (isPending) return <p role="status">Loading TV providers…</p>;
  if (error) return <p role="alert">TV providers could not be loaded.</p>;
  const mvpds = data.requestor.mvpds.filter((m) => m.displayName.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <div className="picker">
      <label htmlFor={searchId}>Find your TV provider</label>
      <input id={searchId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Search providers" />
      <ul className="mvpd-grid" aria-label="TV providers">
        {mvpds.map((m) => (
          <li key={m.id}>
            <button type="button" className="mvpd" onClick={() => onPick(m.id)}>
              <img src={m.logoUrl} alt="" width={48} height={48} />
              <span>{m.displayName}</span>
            </button>
          </li>
        ))}
      </ul>
      {mvpds.length === 0 ? <p role="status">No provider matches “{filter}”.</p> : null}
    </div>
  );
}

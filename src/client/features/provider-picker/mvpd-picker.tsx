// Grid of TV providers with logos and a search box; arrow keys, Home and End move
// between providers, and the one used last comes first. Selecting one calls back
// synchronously from the click, so the caller can open the login popup right there.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useConfiguration } from './configuration-query.ts';

export const LAST_MVPD_KEY = 'playgate.lastMvpd';

export function MvpdPicker({ onPick }: { onPick(mvpd: string): void }) {
  const { data, error, isPending } = useConfiguration();
  const [filter, setFilter] = useState('');
  const searchId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  if (isPending) return <p role="status">Loading TV providers…</p>;
  if (error) return <p role="alert">TV providers could not be loaded.</p>;
  const remembered = localStorage.getItem(LAST_MVPD_KEY);
  const mvpds = data.requestor.mvpds
    // A promotional TempPass needs the viewer's identity: not offered in the generic picker.
    .filter((m) => m.displayInPlatformPicker !== false)
    .filter((m) => m.displayName.toLowerCase().includes(filter.trim().toLowerCase()))
    .sort((a, b) => Number(b.id === remembered) - Number(a.id === remembered));

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.mvpd') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (next === undefined || buttons.length === 0) return;
    e.preventDefault();
    buttons[(next + buttons.length) % buttons.length]?.focus();
  };

  return (
    <div className="picker">
      <label htmlFor={searchId}>Find your TV provider</label>
      <input id={searchId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Search providers" />
      <ul className="mvpd-grid" aria-label="TV providers" ref={listRef} onKeyDown={onKeyDown}>
        {mvpds.map((m) => (
          <li key={m.id}>
            <button type="button" className={`mvpd${m.id === remembered ? ' remembered' : ''}`} onClick={() => onPick(m.id)}>
              <img src={m.logoUrl} alt="" width={48} height={48} />
              <span>{m.displayName}</span>
              {m.id === remembered ? <span className="hint">Last used</span> : null}
            </button>
          </li>
        ))}
      </ul>
      {mvpds.length === 0 ? <p role="status">No provider matches “{filter}”.</p> : null}
    </div>
  );
}

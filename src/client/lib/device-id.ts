// This browser's stable device id (AP-Device-Identifier). `?device=new` in the URL gives
// a window a fresh one, so a demo can act as a second device with the same viewer.
const KEY = 'playgate.deviceId';
/** Set in a window opened as a second device, so the app can say so. */
const SECOND_KEY = 'playgate.secondDevice';

/** This window acts as another device of the same viewer (opened with `?device=new`). */
export function isSecondDevice(): boolean {
  return sessionStorage.getItem(SECOND_KEY) === '1';
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function deviceId(): string {
  const params = new URLSearchParams(window.location.search);
  if (params.get('device') === 'new') {
    const fresh = randomId();
    // Per-window: sessionStorage, so the first window keeps its own device.
    sessionStorage.setItem(KEY, fresh);
    sessionStorage.setItem(SECOND_KEY, '1');
    params.delete('device');
    const rest = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}`);
    return fresh;
  }
  const existing = sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
  if (existing) return existing;
  const created = randomId();
  localStorage.setItem(KEY, created);
  return created;
}

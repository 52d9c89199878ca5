// This browser's stable device id (AP-Device-Identifier). `?device=new` in the URL gives
// a window a fresh one, so a demo can act as a second device with the same viewer.
const KEY = 'playgate.deviceId';

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

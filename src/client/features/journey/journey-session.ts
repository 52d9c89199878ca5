// What the journey view keeps between its mounts and across page loads: whether it is
// open (sessionStorage, so a sign-in redirect brings it back), a scenario waiting for the
// sign-in, and which SSO tokens the app has verified. Small: it is in the initial bundle.
import { tokenFingerprint } from '../../lib/call-log.ts';

const OPEN_KEY = 'playgate.journey.open';
const PENDING_KEY = 'playgate.journey.pending';

function session(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function wasOpen(): boolean {
  return session()?.getItem(OPEN_KEY) === '1';
}

export function rememberOpen(open: boolean): void {
  if (open) session()?.setItem(OPEN_KEY, '1');
  else session()?.removeItem(OPEN_KEY);
}

/** A scenario to run once the viewer is signed in (it started with a sign-in redirect). */
export function pendingPreset(): string | null {
  return session()?.getItem(PENDING_KEY) ?? null;
}

export function setPendingPreset(id: string | null): void {
  if (id) session()?.setItem(PENDING_KEY, id);
  else session()?.removeItem(PENDING_KEY);
}

const appVerified = new Set<string>();

/** The app accepts an SSO token only once jose has verified it (sign-in/auth-context.tsx). */
export function rememberVerifiedToken(token: string): void {
  appVerified.add(tokenFingerprint(token));
}

export function appVerifiedTokens(): ReadonlySet<string> {
  return appVerified;
}

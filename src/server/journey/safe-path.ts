// What a journey event may say about a URL: its path only. Query strings and fragments
// carry tokens and codes (media `?token=`, `?pt=`, the MVPD callback's `?code=&state=`),
// so they never reach the recorder; a token-shaped path segment is masked as well.

/** Longest path kept (the event schema's limit). */
export const MAX_PATH_LENGTH = 200;

const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?/g;

export function safePath(url: string): string {
  let path = url;
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  // An absolute URL (server-to-server calls): keep its path.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      path = '/';
    }
  }
  path = path.replace(JWT_LIKE, '…');
  if (!path.startsWith('/')) path = `/${path}`;
  return path.length > MAX_PATH_LENGTH ? `${path.slice(0, MAX_PATH_LENGTH - 1)}…` : path;
}

// Paths the server answers itself; everything else belongs to the SPA (its files, or
// its client-side routes). Shared by the production fallback and the dev server.
export const SERVER_PATH_PREFIXES = ['/api/', '/o/', '/media/', '/.well-known/', '/docs', '/app-config.json', '/healthz', '/readyz', '/playback/', '/playgate/', '/admin/', '/sso/', '/auths/', '/demo-middleware/'];

export function isServerPath(path: string): boolean {
  // `/api` as well as `/api/…`: the bare prefix is the API's too, never an SPA route.
  return SERVER_PATH_PREFIXES.some((p) => path.startsWith(p) || (p.endsWith('/') && path === p.slice(0, -1)));
}

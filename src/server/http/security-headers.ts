// The security headers of the three origins (app, embedded IdP, MVPD simulator), and
// `Cache-Control: no-store` on every response that can carry a token or a secret.
// Rules: no page may be framed (frame-ancestors 'none' + X-Frame-Options DENY); scripts
// only from files of the origin (no 'unsafe-inline': none of our pages has an inline
// script); styles only from files of the origin plus the server pages' one constant
// <style> element, allowed by its hash (no 'unsafe-inline' either: React and video.js set
// styles through the CSSOM, which CSP does not govern, and video.js's own <style> elements
// are turned off in the player); no Referer ever leaves (URLs carry tokens); nosniff; no
// powerful features.
// Opener policy: the app's page that opens the popups sends `same-origin-allow-popups`, so
// the IdP and MVPD popups it opens keep their opener. Nothing else sends one: Chromium
// checks COOP on every document and redirect a popup passes through (the IdP, the MVPD,
// Playgate's own redirects, /auth/callback, /mvpd-done), and any policy there severs the
// opener, which breaks postMessage and the opener's view of the popup closing.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { PAGE_STYLE_SOURCE } from './page-style.ts';

export interface SecurityHeaderOptions {
  /** Extra origins the page may talk to (fetch/XHR): the app talks to the IdP. */
  connectSrc?: string[];
  /** The page paths that open popups (the app's '/'): `same-origin-allow-popups` there only. */
  openerPages?: string[];
  /** Path prefixes whose responses carry tokens or secrets: always `no-store`. */
  noStorePrefixes?: string[];
  /**
   * Route templates that answer media bytes (HLS playlists and segments), never a document:
   * their successful responses carry only nosniff and no-referrer (default: none).
   */
  mediaRoutes?: ReadonlySet<string>;
}

/** What only the dev server (Vite) adds to the policy; `npm start` adds nothing. */
export interface DevPolicyExtras {
  /** Hashes of the inline scripts Vite writes into index.html (the React refresh preamble). */
  scriptSrc?: string[];
  /** Vite injects each imported CSS file as a <style> element in dev. */
  styleSrc?: string[];
  /** The HMR websocket. */
  connectSrc?: string[];
}

export function contentSecurityPolicy(connectSrc: string[] = [], dev: DevPolicyExtras = {}): string {
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...(dev.scriptSrc ?? [])].join(' ')}`,
    `style-src ${["'self'", PAGE_STYLE_SOURCE, ...(dev.styleSrc ?? [])].join(' ')}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // Media Source Extensions play from blob: URLs; VHS runs its transmuxer in a blob: worker.
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    `connect-src ${["'self'", ...connectSrc, ...(dev.connectSrc ?? [])].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

export function installSecurityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions = {}): void {
  const csp = contentSecurityPolicy(opts.connectSrc);
  const openerPages = new Set(opts.openerPages ?? []);
  const noStore = opts.noStorePrefixes ?? [];
  const mediaRoutes = opts.mediaRoutes ?? new Set<string>();
  const lockDown = (raw: ServerResponse) => {
    raw.setHeader('content-security-policy', csp);
    raw.setHeader('x-frame-options', 'DENY');
    raw.setHeader('permissions-policy', PERMISSIONS_POLICY);
  };
  // Set on the raw response at the start: they then reach hijacked responses too (the
  // OpenID providers answer through reply.hijack()), and a route can still override them.
  // Synchronous hooks (with `done`): Fastify runs them without a promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    const raw = reply.raw;
    raw.setHeader('x-content-type-options', 'nosniff');
    raw.setHeader('referrer-policy', 'no-referrer');
    const route = request.routeOptions.url;
    // A policy for documents (CSP, framing, powerful features) means nothing to a playlist or
    // a video segment, which no browser renders as a page; it was five header lines on every
    // segment a player fetches. Their error answers (JSON) still get it, below.
    if (route === undefined || !mediaRoutes.has(route)) {
      lockDown(raw);
      if (openerPages.has(pathOf(request.url))) raw.setHeader('cross-origin-opener-policy', 'same-origin-allow-popups');
    }
    done();
  });
  if (mediaRoutes.size > 0) {
    // Runs before the error handler writes the answer: refusals of media routes are JSON
    // error bodies, locked down like every other one.
    app.addHook('onError', (request, reply, _error, done) => {
      const route = request.routeOptions.url;
      if (route !== undefined && mediaRoutes.has(route)) lockDown(reply.raw);
      done();
    });
  }
  if (noStore.length > 0) {
    app.addHook('onSend', (request, reply, payload, done) => {
      const path = pathOf(request.url);
      if (noStore.some((p) => path.startsWith(p))) {
        reply.header('cache-control', 'no-store');
        reply.header('pragma', 'no-cache');
      }
      done(null, payload);
    });
  }
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Everything on these prefixes may carry a token, a code or a secret (the app origin). */
export const APP_NO_STORE_PREFIXES = ['/o/', '/api/', '/sso/', '/auths/', '/playback/', '/admin/', '/playgate/', '/demo-middleware/'];

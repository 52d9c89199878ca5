// What the three services (app, embedded IdP, MVPD simulator) may write to their logs.
// Request URLs lose the values of every secret-bearing query parameter, and secret
// headers are censored wherever a log object carries them: a log reader must never be
// able to replay a media / playback token, an authorization code or a client secret.

/** Query parameters whose values are credentials (compared case-insensitively). */
export const SECRET_PARAMS = [
  'token', 'pt', 'code', 'state', 'nonce', 'id_token_hint', 'id_token', 'access_token', 'refresh_token', 'refreshtoken',
  'client_secret', 'client_assertion', 'code_verifier', 'software_statement', 'password', 'session', 'ticket', 'authorization',
  'ad-service-token', 'logout_hint', 'login_hint', 'assertion', 'jwt', 'sso', 'serializedtoken', 'mediatoken',
];
const SECRET_PARAM_SET = new Set(SECRET_PARAMS);

/** Headers whose values are credentials (lower case, as Node hands them over). */
export const SECRET_HEADERS = ['authorization', 'ad-service-token', 'cookie', 'set-cookie', 'x-playgate-playback-token', 'x-playgate-media-token', 'proxy-authorization', 'x-api-key'];

export const REDACTED = '[redacted]';

/** `url` with the value of every secret query parameter replaced; JWT-like path segments and registration codes too. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const q = url.indexOf('?');
  const path = redactPathCodes(redactJwtLike(q === -1 ? url : url.slice(0, q)));
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        /* an undecodable name is kept as is */
      }
      if (eq !== -1 && SECRET_PARAM_SET.has(decoded.toLowerCase())) return `${name}=${REDACTED}`;
      return redactJwtLike(pair);
    })
    .join('&');
  return `${path}?${query}`;
}

const NAMES = SECRET_PARAMS.map((n) => n.replace(/[-_]/g, '[-_]?')).join('|');
// `name=value` in a URL or a message; `name: 'value'` / `"name":"value"` in inspected or JSON objects.
const QUERY_STYLE = new RegExp(`(^|[?&\\s;,(\\['"])(${NAMES})=([^&\\s"',;)\\]#]+)`, 'gi');
const OBJECT_STYLE = new RegExp(`(['"]?)\\b(${NAMES})\\1(\\s*[:=]\\s*)(['"])[^'"]*\\4`, 'gi');

/**
 * Free text (a library's log message, an error's message or stack) with every secret it
 * may quote replaced: `token=…`-style pairs, `token: '…'` / `"token":"…"` object fields,
 * JWTs anywhere, registration codes in paths.
 */
export function redactText(text: string): string {
  return redactPathCodes(
    redactJwtLike(text)
      .replace(QUERY_STYLE, (_m, pre: string, name: string) => `${pre}${name}=${REDACTED}`)
      .replace(OBJECT_STYLE, (_m, q: string, name: string, sep: string, quote: string) => `${q}${name}${q}${sep}${quote}${REDACTED}${quote}`),
  );
}

/** Adobe registration codes travel in the path (`/sessions/<code>`, `/authenticate/<sp>/<code>`, `/profiles/code/<code>`). */
function redactPathCodes(path: string): string {
  return path.replace(/(\/(?:sessions|profiles\/code|authenticate\/[^/\s]+)\/)[^/\s?&#"']+/g, `$1${REDACTED}`);
}

/** A JWT anywhere (header.payload.signature starting `eyJ`) is replaced whole. */
function redactJwtLike(text: string): string {
  return text.replace(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g, REDACTED);
}

/** The request as logged: no headers at all, the URL redacted. */
function serializeRequest(req: { method?: string; url?: string; hostname?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: redactUrl(req.url), host: req.host ?? req.hostname, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** pino `redact` paths: secret headers in any request / response / headers object a log line carries. */
const REDACT_PATHS = SECRET_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `res.headers["${h}"]`, `headers["${h}"]`, `*.headers["${h}"]`]);

/**
 * Fastify's `logger` option with the redaction applied: `false` stays off, `true` becomes
 * pino's defaults plus the redaction, an object (level, stream, …) keeps its settings.
 */
export function redactingLogger(logger: boolean | object | undefined): false | Record<string, unknown> {
  if (!logger) return false;
  const base = logger === true ? {} : (logger as Record<string, unknown>);
  const serializers = (base.serializers as Record<string, unknown> | undefined) ?? {};
  return {
    ...base,
    serializers: { ...serializers, req: serializeRequest },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
  };
}

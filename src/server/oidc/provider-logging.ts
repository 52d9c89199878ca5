// oidc-provider's own log output, routed through the service's redacting logger instead of
// straight to stderr: its error events (an authorization, token, end-session … request it
// refused, a server error) and its `debug` lines (DEBUG=oidc-provider:*), and the Koa
// app's error output. Every URL and message is redacted first (http/log-redaction.ts), so
// a state, nonce, code, hint or token quoted by the provider never reaches a log.
// Its start-up notices (attention.js: "Unsupported runtime" …) are fixed texts printed at
// import time, before any logger exists; they quote no request and stay on the console.
import { formatWithOptions } from 'node:util';
import createDebug from 'debug';
import type { FastifyBaseLogger } from 'fastify';
import type Provider from 'oidc-provider';
import { redactText, redactUrl } from '../http/log-redaction.ts';

/** The error events oidc-provider emits for a request it refused (lib/helpers/initialize_app.js). */
export const PROVIDER_ERROR_EVENTS = [
  'authorization.error',
  'grant.error',
  'userinfo.error',
  'end_session.error',
  'end_session_confirm.error',
  'end_session_success.error',
  'revocation.error',
  'introspection.error',
  'jwks.error',
  'discovery.error',
  'backchannel.error',
  'registration_create.error',
  'registration_read.error',
  'registration_update.error',
  'registration_delete.error',
  'device_authorization.error',
  'pushed_authorization_request.error',
  'code_verification.error',
  'device_resume.error',
  'resume.error',
  'interaction.error',
] as const;

interface EventContext {
  method?: string;
  originalUrl?: string;
  url?: string;
}

interface ProviderError {
  error?: unknown;
  error_description?: unknown;
  error_detail?: unknown;
  message?: unknown;
  stack?: unknown;
  status?: unknown;
}

const text = (v: unknown) => (typeof v === 'string' ? redactText(v) : undefined);

/** What a log line says about the request and the error: redacted, nothing else. */
function describe(ctx: EventContext | undefined, err: ProviderError | undefined) {
  return {
    source: 'oidc-provider',
    method: ctx?.method,
    url: redactUrl(ctx?.originalUrl ?? ctx?.url),
    error: text(err?.error) ?? text(err?.message),
    description: text(err?.error_description),
    detail: text(err?.error_detail),
  };
}

// debug's output is process-wide (one `debug.log`): it goes to the logger of the provider
// routed last, which is as good as any — the line names its own namespace.
let debugSink: FastifyBaseLogger | undefined;

export function routeProviderLogs(provider: Provider, log: FastifyBaseLogger): void {
  // Some of these events are missing from @types/oidc-provider's map: a plain emitter here.
  const events = provider as unknown as NodeJS.EventEmitter;
  for (const event of PROVIDER_ERROR_EVENTS) {
    events.on(event, (ctx: EventContext, err: ProviderError) => log.info({ ...describe(ctx, err), event }, `oidc-provider ${event}`));
  }
  events.on('server_error', (ctx: EventContext, err: ProviderError) => log.error({ ...describe(ctx, err), event: 'server_error', stack: text(err?.stack) }, 'oidc-provider server_error'));
  // With a listener of its own, Koa no longer prints unhandled errors' stacks to stderr.
  // oidc-provider 9's Provider is the Koa app itself (its `.app` getter is deprecated).
  events.on('error', (err: ProviderError) => log.error({ ...describe(undefined, err), event: 'koa_error', stack: text(err?.stack) }, 'oidc-provider app error'));
  debugSink = log;
  createDebug.log = (...args: unknown[]) => {
    const line = redactText(formatWithOptions({ colors: false }, ...args));
    if (debugSink) debugSink.info({ source: 'oidc-provider', event: 'debug' }, line);
    else process.stderr.write(`${line}\n`);
  };
}

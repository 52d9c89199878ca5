// Turns every failure into the enhanced error body with the request's trace id.
// Rules: PassError → its code; Fastify's own 4xx (validation, size, content type,
// bad JSON) → a matching code; anything else → 500 `internal_error` with no detail.
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PassError } from './pass-error.ts';
import { errorBody } from './error-body.ts';
import { RouteTable } from './method-not-allowed.ts';
import { isServerPath } from './server-paths.ts';
import { isSpaRoute } from '../../shared/spa-routes.ts';
import type { ErrorCode } from '../../shared/error-codes.ts';

export function installErrorHandling(app: FastifyInstance, opts: { spaFallback?: boolean } = {}): void {
  const routes = new RouteTable(app);
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const trace = request.id;
    if (error instanceof PassError) {
      request.log.info({ trace, code: error.code, details: error.details }, 'request refused');
      return reply.status(error.status).send(errorBody(error.code, trace, { details: error.details, status: error.status }));
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const code = codeForFastifyError(error, status);
      request.log.info({ trace, code, err: error.message }, 'bad request');
      return reply.status(status).send(errorBody(code, trace, { details: sanitize(error), status }));
    }
    request.log.error({ trace, err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', trace));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    // Page paths (no file extension) get the SPA's index page: 200 for its routes, 404 for
    // any other, where the app shows its "page not found" view.
    if (opts.spaFallback && request.method === 'GET' && !isServerPath(path) && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.status(isSpaRoute(path) ? 200 : 404).type('text/html').sendFile('index.html');
    }
    const allowed = routes.allowed(path);
    if (allowed) {
      return reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send(errorBody('method_not_allowed', request.id, { details: `${request.method} is not allowed here; use ${allowed.join(' or ')}` }));
    }
    return reply.status(404).send(errorBody('not_found', request.id, { details: `${request.method} ${path}`.slice(0, 200) }));
  });
}

/**
 * Fastify's router-level failures (a URL that does not decode, a path parameter over
 * maxParamLength) bypass hooks and the error handler: pass this as the `frameworkErrors`
 * option so they too get the error body and the trace header.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  request.log.info({ trace: request.id, err: error.code }, 'bad request');
  reply.header('x-trace-id', request.id);
  const details = error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid.' : error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long.' : undefined;
  return reply.status(status).send(errorBody(codeForFastifyError(error, status), request.id, { details, status }));
}

/**
 * Failures below HTTP (a header section over the limit, a request that does not parse, a
 * slow client) never reach a route: the `clientErrorHandler` option writes the error body
 * straight to the socket (trace id generated here), then closes it.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, status]: [ErrorCode, number] =
    err.code === 'HPE_HEADER_OVERFLOW' ? ['headers_too_large', 431] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? ['request_timeout', 408] : ['invalid_request', 400];
  const trace = randomBytes(8).toString('hex');
  this.log.info({ trace, err: err.code }, 'client error');
  const body = JSON.stringify(errorBody(code, trace, { status, ...(status === 400 ? { details: 'The request is not valid HTTP.' } : {}) }));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nx-trace-id: ${trace}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** HTTP/1.1 without Host: refused here, in the error body (Node's own check answers an empty 400). */
export function requireHost(request: FastifyRequest, reply: FastifyReply, done: () => void) {
  if (request.raw.httpVersion === '1.1' && !request.headers.host) {
    reply.status(400).send(errorBody('invalid_request', request.id, { details: 'The Host header is required.' }));
    return;
  }
  done();
}

function codeForFastifyError(error: FastifyError, status: number): ErrorCode {
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 429) return 'too_many_requests';
  if (status === 431) return 'headers_too_large';
  if (status === 408) return 'request_timeout';
  if (status === 405) return 'method_not_allowed';
  if (status === 404) return 'not_found';
  if (error.validation) {
    const ctx = error.validationContext;
    if (ctx === 'headers') return 'invalid_request';
  }
  return 'invalid_request';
}

/** Validation messages are safe to echo; other internals are not. */
function sanitize(error: FastifyError): string | undefined {
  if (error.validation) return error.message.slice(0, 300);
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The body is not valid JSON.';
  if (error.code?.startsWith('FST_ERR_CTP')) return error.message.slice(0, 200);
  return undefined;
}

// The user-agent leg: /authenticate/{sp}/{code} → the MVPD's login → our callback →
// the app's redirectUrl. Failures here are seen by a person in a browser, so they are
// answered with a readable page, not JSON.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ERROR_CODES } from '../../shared/error-codes.ts';
import { PassError } from '../http/pass-error.ts';
import { escapeHtml, renderPage } from '../oidc/html-page.ts';
import type { PassContext } from '../context/pass-context.ts';
import { finishAuthentication, startAuthentication } from './authenticate-service.ts';
import { Code, passTags, Sp } from './route-schemas.ts';

export const authenticateRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  app.get(
    '/authenticate/:serviceProvider/:code',
    {
      schema: {
        tags: passTags,
        summary: 'Authenticate in a user agent (302 to the MVPD login); no bearer token',
        params: Type.Object({ serviceProvider: Sp, code: Code }),
      },
    },
    async (request, reply) => {
      try {
        return reply.redirect(await startAuthentication(ctx, request.params.serviceProvider, request.params.code), 302);
      } catch (err) {
        return sendErrorPage(reply, err, request.id);
      }
    },
  );

  app.get(
    '/authenticate/callback',
    { schema: { hide: true, querystring: Type.Object({ state: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true }) } },
    async (request, reply) => {
      try {
        return reply.redirect(await finishAuthentication(ctx, new URL(request.url, ctx.config.app.publicUrl)), 302);
      } catch (err) {
        return sendErrorPage(reply, err, request.id);
      }
    },
  );
};

function sendErrorPage(reply: FastifyReply, err: unknown, trace: string) {
  if (!(err instanceof PassError)) throw err;
  reply.request.log.info({ trace, code: err.code, details: err.details }, 'authentication refused');
  return reply
    .status(err.status)
    .type('text/html')
    .send(
      renderPage({
        title: 'Sign-in with your TV provider failed',
        body: `<h1>Sign-in with your TV provider failed</h1>
<p class="error" role="alert">${escapeHtml(ERROR_CODES[err.code].message)}</p>
${err.details ? `<p>${escapeHtml(err.details)}</p>` : ''}
<p class="hint">Close this window and try again from the app. Error <code>${escapeHtml(err.code)}</code>, trace <code>${escapeHtml(trace)}</code>.</p>`,
      }),
    );
}

// Adobe's Reset TempPass API: DELETE /reset-tempass/v3/reset (by device, or device_id=all /
// none: every device) and /reset-tempass/v3/reset/generic (promotional, by identity hash
// `key`, or every key). 204 on success. Authorised by the admin token (Adobe: a DCR bearer
// token of the programmer); without one configured the API does not exist.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { SafeText } from '../../shared/api/safe-text.ts';
import type { PassContext } from '../context/pass-context.ts';
import { deviceHash } from '../context/device-hash.ts';
import { adminGuard } from '../http/admin-auth.ts';
import { PassError } from '../http/pass-error.ts';
import { tempPassFor, type TempPassConfig } from './temp-pass-config.ts';
import { TempPassStore } from './temp-pass-store.ts';

const tags = ['TempPass reset (Adobe)'];
const Base = { requestor_id: SafeText(64, 1), mvpd_id: SafeText(64, 1) };

export const tempPassResetRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const requireAdmin = adminGuard(ctx.config);
  if (!requireAdmin || !ctx.config.tempPass?.length) return;
  app.addHook('onRequest', async (request) => requireAdmin(request));
  const store = new TempPassStore(ctx.db);
  const target = (q: { requestor_id: string; mvpd_id: string }): TempPassConfig => {
    if (q.requestor_id !== ctx.config.requestor.id) throw new PassError('invalid_parameter_service_provider', `unknown requestor "${q.requestor_id}"`);
    const pass = tempPassFor(ctx.config, q.mvpd_id);
    if (!pass) throw new PassError('invalid_parameter_mvpd', `"${q.mvpd_id}" is not a TempPass`);
    return pass;
  };

  app.delete(
    '/reset',
    {
      schema: {
        tags,
        summary: 'Reset a TempPass for one device, or for all devices (device_id=all or absent)',
        querystring: Type.Object({ ...Base, device_id: Type.Optional(SafeText(256, 1)) }),
        response: { 204: Type.Unknown({ description: 'No content' }), '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const pass = target(request.query);
      const device = request.query.device_id;
      const removed = await store.resetDevice(request.query.requestor_id, pass.id, device && device !== 'all' ? deviceHash(device) : null);
      request.log.info({ mvpd: pass.id, removed, all: !device || device === 'all' }, 'TempPass reset');
      return reply.code(204).send();
    },
  );

  app.delete(
    '/reset/generic',
    {
      schema: {
        tags,
        summary: 'Reset a promotional TempPass for one identity hash (key), or for every identity (no key)',
        querystring: Type.Object({ ...Base, key: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 (hex) of the AP-TempPass-Identity value, decoded' })) }),
        response: { 204: Type.Unknown({ description: 'No content' }), '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const pass = target(request.query);
      if (pass.kind !== 'promotional') throw new PassError('invalid_request', `"${pass.id}" is a basic TempPass: reset it by device`);
      const removed = await store.resetKey(request.query.requestor_id, pass.id, request.query.key ? `identity:${request.query.key}` : null);
      request.log.info({ mvpd: pass.id, removed }, 'TempPass reset (generic)');
      return reply.code(204).send();
    },
  );
};

// /playgate/v1/checkout: the demo checkout. A signed-in viewer (Authorization: Bearer <SSO
// token>, verified like every viewer token) orders a direct title's offer; the grant is
// recorded through the internal entitlement store's own API (EntitlementStore.grant, the
// same call the admin API makes) for the viewer's identity, so the title plays at once.
// No payment is taken: registered only with `demoCheckout: true`, refused in production.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBodySchema } from '../../shared/api/error-body.ts';
import { OrderBodySchema, OrderResultSchema, ViewerGrantsSchema, type ViewerGrant } from '../../shared/api/checkout.ts';
import type { ResourceConfig } from '../config/schema.ts';
import type { PassContext } from '../context/pass-context.ts';
import { PassError } from '../http/pass-error.ts';
import { EntitlementStore, type Grant } from '../entitlement/entitlement-store.ts';
import { grantOwner } from '../entitlement/viewer-identity.ts';

const tags = ['Demo checkout'];
const Auth = Type.Object({ authorization: Type.Optional(Type.String()) });

export const checkoutRoutes: FastifyPluginAsyncTypebox<{ ctx: PassContext }> = async (app, { ctx }) => {
  const store = new EntitlementStore(ctx.db);
  const resources = ctx.config.resources;

  const viewer = async (authorization: string | undefined) => {
    const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '')?.[1];
    if (!bearer) throw new PassError('NOT_AUTHENTICATED', 'send the viewer token as Authorization: Bearer');
    try {
      return grantOwner(ctx.config, await ctx.sso.verify(bearer));
    } catch (err) {
      throw new PassError('TOKEN_ERROR', (err as Error).message);
    }
  };

  /** The viewer's words for a grant: the plan or title it is, and what it opens. */
  const describe = (g: Grant): ViewerGrant => {
    const opens = resources.filter((r) => r.access.type === 'direct' && (r.access.entitlements ?? []).includes(g.entitlement));
    const offered = opens.map((r) => offerOf(r)).find((o) => o?.entitlement === g.entitlement);
    return { id: g.id, kind: g.kind, entitlement: g.entitlement, name: offered?.name ?? g.entitlement, titles: opens.map((r) => r.title), createdAt: g.createdAt, notAfter: g.notAfter };
  };

  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: 'Demo purchase or plan upgrade: records the entry offer’s grant for the viewer (no payment)',
        headers: Auth,
        body: OrderBodySchema,
        response: { 201: OrderResultSchema, 200: OrderResultSchema, '4xx': ErrorBodySchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const owner = await viewer(request.headers.authorization);
      const resource = resources.find((r) => r.id === request.body.entryId);
      if (!resource) throw new PassError('NO_ENTITY_EXIST', `no entry "${request.body.entryId}"`);
      const offer = offerOf(resource);
      if (!offer) throw new PassError('invalid_request', `"${resource.id}" has nothing to buy`);
      const { outcome, grant } = await store.grant({ ...owner, entitlement: offer.entitlement, kind: offer.kind });
      if (outcome === 'conflict') throw new PassError('already_exists', 'this grant exists already');
      request.log.info({ grant: grant.id, entitlement: grant.entitlement, kind: grant.kind }, 'demo checkout: grant recorded (no payment)');
      return reply.status(outcome === 'created' ? 201 : 200).send({ demo: true as const, grant: describe(grant) });
    },
  );

  app.get(
    '/grants',
    { schema: { tags, summary: 'The viewer’s own active purchases and plans', headers: Auth, response: { 200: ViewerGrantsSchema, '4xx': ErrorBodySchema } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const owner = await viewer(request.headers.authorization);
      const grants = (await store.list(owner)).filter((g) => g.revokedAt === null && (g.notAfter === null || g.notAfter > Date.now()));
      return { grants: grants.map(describe) };
    },
  );

  app.delete(
    '/grants/:id',
    {
      schema: {
        tags,
        summary: 'Refund: revokes one of the viewer’s own grants (the title stops playing)',
        headers: Auth,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Type.Object({ refunded: Type.Literal(true) }), '4xx': ErrorBodySchema },
      },
    },
    async (request) => {
      const owner = await viewer(request.headers.authorization);
      // Another viewer's grant is answered like a missing one: ids are not to be probed.
      const mine = (await store.list(owner)).find((g) => g.id === request.params.id && g.revokedAt === null);
      if (!mine || !(await store.revoke(mine.id))) throw new PassError('not_found', 'no such grant of yours');
      return { refunded: true as const };
    },
  );
};

function offerOf(resource: ResourceConfig) {
  return resource.access.type === 'direct' ? resource.access.offer : undefined;
}

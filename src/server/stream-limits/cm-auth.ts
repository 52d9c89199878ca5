// Who calls /cm/v2: HTTP Basic with the application id as the user (Adobe's CM: the
// password is empty and not checked; the id is public, as it ships in every app).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassError } from '../http/pass-error.ts';
import type { CmApplication } from './cm-session-store.ts';

export function requireApplication(apps: ReadonlyMap<string, CmApplication>, request: FastifyRequest, reply: FastifyReply): CmApplication {
  const encoded = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(request.headers.authorization ?? '')?.[1];
  const user = encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':')[0] : undefined;
  const app = user ? apps.get(user) : undefined;
  if (!app) {
    reply.header('www-authenticate', 'Basic realm="Concurrency Monitoring"');
    throw new PassError('cm_unknown_application', encoded ? 'no application with this id' : 'expected Authorization: Basic <base64 of applicationId:>');
  }
  return app;
}

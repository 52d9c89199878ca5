// The admin token check shared by the admin APIs: the config keeps only the token's
// SHA-256, compared in constant time. No configured token: no admin API at all.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.ts';
import { PassError } from './pass-error.ts';

export function adminGuard(config: Config): ((request: FastifyRequest) => void) | null {
  if (!config.adminTokenSha256) return null;
  const expected = Buffer.from(config.adminTokenSha256, 'hex');
  return (request) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    const given = createHash('sha256').update(token ?? '').digest();
    if (!token || !timingSafeEqual(given, expected)) throw new PassError('unauthorized', 'the admin token is missing or wrong');
  };
}

// Secrets from the environment instead of the JSON config: each NAME may also be given as
// NAME_FILE (a path whose content, trailing newline trimmed, is the value — Docker/Kubernetes
// secrets). NAME wins over NAME_FILE; both win over the file. Applied before validation.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

type Input = Record<string, any>;

interface SecretSource {
  name: string;
  /** Writes the value into the raw config (creating sections as needed). */
  apply(input: Input, value: string): void;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const section = (input: Input, key: string): Input => (input[key] ??= {});

/** PLAYGATE_PUBLISHER_<ID>_TOKEN: the id upper-cased, every other character an underscore. */
export const publisherEnvName = (id: string, suffix: 'TOKEN' | 'TOKEN_SHA256') => `PLAYGATE_PUBLISHER_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${suffix}`;

function sources(input: Input): SecretSource[] {
  const list: SecretSource[] = [
    { name: 'PLAYGATE_ADMIN_TOKEN', apply: (i, v) => (i.adminTokenSha256 = sha256(v)) },
    { name: 'PLAYGATE_ADMIN_TOKEN_SHA256', apply: (i, v) => (i.adminTokenSha256 = v.toLowerCase()) },
    { name: 'PLAYGATE_MVPD_CLIENT_SECRET', apply: (i, v) => (section(i, 'mvpdSimulator').clientSecret = v) },
    { name: 'PLAYGATE_IDP_DEMO_PASSWORD', apply: (i, v) => (section(i, 'idp').demoPassword = v) },
    { name: 'PLAYGATE_MVPD_DEMO_PASSWORD', apply: (i, v) => (section(i, 'mvpdSimulator').demoPassword = v) },
    {
      name: 'PLAYGATE_DEMO_MIDDLEWARE_TOKEN',
      apply: (i, v) => {
        const mw = i.publisherSso?.demoMiddleware;
        if (mw && typeof mw === 'object') mw.publisherToken = v;
      },
    },
  ];
  const publishers: unknown = input?.publisherSso?.publishers;
  if (Array.isArray(publishers)) {
    for (const p of publishers) {
      if (!p || typeof p !== 'object' || typeof p.id !== 'string') continue;
      list.push({ name: publisherEnvName(p.id, 'TOKEN'), apply: (_i, v) => (p.tokenSha256 = sha256(v)) });
      list.push({ name: publisherEnvName(p.id, 'TOKEN_SHA256'), apply: (_i, v) => (p.tokenSha256 = v.toLowerCase()) });
    }
  }
  return list;
}

/** The names a deployment may set (for docs and the production check's hints). */
export const SECRET_ENV_NAMES = ['PLAYGATE_KEK', 'PLAYGATE_ADMIN_TOKEN', 'PLAYGATE_ADMIN_TOKEN_SHA256', 'PLAYGATE_PUBLISHER_<ID>_TOKEN', 'PLAYGATE_PUBLISHER_<ID>_TOKEN_SHA256', 'PLAYGATE_MVPD_CLIENT_SECRET', 'PLAYGATE_DEMO_MIDDLEWARE_TOKEN', 'PLAYGATE_IDP_DEMO_PASSWORD', 'PLAYGATE_MVPD_DEMO_PASSWORD'];

/** Applies every secret set in `env` to `input`; returns the problems (unreadable files). */
export function applySecretSources(input: Input, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null) return problems;
  for (const source of sources(input)) {
    let value = env[source.name];
    if (!value && env[`${source.name}_FILE`]) {
      try {
        value = readFileSync(env[`${source.name}_FILE`]!, 'utf8').replace(/\r?\n$/, '');
      } catch (err) {
        problems.push(`${source.name}_FILE: cannot read ${env[`${source.name}_FILE`]} (${(err as Error).message})`);
        continue;
      }
    }
    if (value) source.apply(input, value);
  }
  return problems;
}

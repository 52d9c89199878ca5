// The partner frameworks this requestor accepts (config partnerSso): lookup by the
// `{partner}` path segment, the MVPD behind a mapping id, and the keys that verify each
// partner's authentication responses (the simulator's own key pair for `simulated`).
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { Config } from '../config/schema.ts';
import type { PartnerKeys } from '../tokens/partner-assertion.ts';

export type PartnerConfig = NonNullable<Config['partnerSso']>['partners'][number];

export interface SimulatorKeys {
  issuer: (partner: string) => string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export class PartnerFrameworks {
  private constructor(
    private readonly config: Config,
    /** Generated once per process: a simulated partner's responses verify on the instance that signed them. */
    readonly simulatorKeys: SimulatorKeys | null,
  ) {}

  static async create(config: Config): Promise<PartnerFrameworks> {
    const simulated = (config.partnerSso?.partners ?? []).some((p) => p.signer === 'simulated');
    if (!simulated) return new PartnerFrameworks(config, null);
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return new PartnerFrameworks(config, { issuer: (partner) => `urn:playgate:partner-simulator:${partner}`, privateKey, publicKey });
  }

  /** The partner named in the path (Adobe's "Apple"; matched without regard to case). */
  find(name: string): PartnerConfig | undefined {
    const wanted = name.toLowerCase();
    return this.config.partnerSso?.partners.find((p) => p.name.toLowerCase() === wanted);
  }

  enabled(partner: PartnerConfig): boolean {
    return partner.enabled !== false;
  }

  /** The Playgate MVPD id behind a partner's mapping id, if the partner may sign it in. */
  mvpdFor(partner: PartnerConfig, mappingId: string): string | undefined {
    return Object.hasOwn(partner.mvpds, mappingId) ? partner.mvpds[mappingId] : undefined;
  }

  mappingIdFor(partner: PartnerConfig, mvpd: string): string | undefined {
    return Object.entries(partner.mvpds).find(([, id]) => id === mvpd)?.[0];
  }

  keysFor(partner: PartnerConfig): PartnerKeys {
    if (partner.signer === 'simulated') {
      if (!this.simulatorKeys) throw new Error('partner simulator keys missing');
      return { issuer: this.simulatorKeys.issuer(partner.name), key: this.simulatorKeys.publicKey, algorithms: ['ES256'] };
    }
    return { issuer: partner.signer.issuer, key: partner.signer.jwks as never, algorithms: partner.signer.algorithms ?? ['ES256', 'RS256'] };
  }

  /** The simulator's public key as a JWK (what a real partner would publish). */
  async simulatorJwk() {
    return this.simulatorKeys ? { ...(await exportJWK(this.simulatorKeys.publicKey)), alg: 'ES256', use: 'sig' } : null;
  }
}

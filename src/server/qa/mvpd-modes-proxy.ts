// The MVPD simulator's failure knobs, reached server to server with the simulator's client
// credentials, so QA needs only the admin token (no curl with Basic credentials). Turning an
// MVPD back to normal also closes its circuit breaker, here at once and on every other
// instance within its poll (mvpd-client/breaker-resets.ts).
import type { PassContext } from '../context/pass-context.ts';
import { PassError } from '../http/pass-error.ts';
import type { MvpdMode, SetMvpdModeBody } from '../../shared/api/qa.ts';
import { MVPD_MODES_PATH } from '../mvpd/mvpd-app.ts';
import type { ModeSetting } from '../mvpd/simulator-modes.ts';
import type { BreakerResets } from '../mvpd-client/breaker-resets.ts';

export class MvpdModesProxy {
  constructor(
    private readonly ctx: PassContext,
    private readonly breakers: BreakerResets,
  ) {}

  private async call(path: string, init: RequestInit = {}): Promise<unknown> {
    const sim = this.ctx.config.mvpdSimulator;
    const basic = Buffer.from(`${encodeURIComponent(sim.clientId)}:${encodeURIComponent(sim.clientSecret)}`).toString('base64');
    let res: Response;
    try {
      res = await this.ctx.fetch(`${sim.issuer}${path}`, {
        ...init,
        headers: { authorization: `Basic ${basic}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
        signal: AbortSignal.timeout(5000),
      });
    } catch (err) {
      throw new PassError('mvpd_simulator_unreachable', `no answer from ${sim.issuer}`, { cause: err });
    }
    // The simulator refuses a homeNetwork that is not one of this MVPD's home-based subscribers.
    if (res.status === 400) throw new PassError('invalid_request', `the simulator refused the setting: ${String(((await res.json().catch(() => ({}))) as { error_description?: unknown }).error_description ?? 'bad request').slice(0, 200)}`);
    if (!res.ok) throw new PassError('mvpd_simulator_unreachable', `the simulator answered HTTP ${res.status} (are its client credentials those of this config?)`);
    return res.json();
  }

  async list(): Promise<MvpdMode[]> {
    const modes = (await this.call(MVPD_MODES_PATH)) as Record<string, ModeSetting>;
    return this.ctx.config.mvpds.map((m) => this.view(m.id, modes[m.id] ?? { mode: 'normal', slowMs: 0, homeNetwork: null }));
  }

  async set(mvpdId: string, body: SetMvpdModeBody): Promise<MvpdMode> {
    if (!this.ctx.config.mvpds.some((m) => m.id === mvpdId)) throw new PassError('invalid_parameter_mvpd', `no MVPD "${mvpdId}" in this configuration`);
    const setting = (await this.call(`${MVPD_MODES_PATH}/${encodeURIComponent(mvpdId)}`, { method: 'PUT', body: JSON.stringify(body) })) as ModeSetting;
    if (setting.mode === 'normal') await this.breakers.reset(mvpdId);
    return this.view(mvpdId, setting);
  }

  async resetAll(): Promise<MvpdMode[]> {
    const out: MvpdMode[] = [];
    for (const m of this.ctx.config.mvpds) out.push(await this.set(m.id, { mode: 'normal', homeNetwork: null }));
    return out;
  }

  private view(mvpdId: string, s: ModeSetting): MvpdMode {
    const m = this.ctx.config.mvpds.find((x) => x.id === mvpdId)!;
    const timeoutMs = m.authorizationTimeoutMs;
    const effect = s.mode === 'normal' ? 'answers' : s.mode === 'down' ? 'down' : s.mode === 'deny' ? 'denies' : s.slowMs >= timeoutMs ? 'times out' : 'answers late';
    return { id: m.id, displayName: m.displayName, mode: s.mode, slowMs: s.slowMs, timeoutMs, effect, homeNetwork: s.homeNetwork ?? null };
  }
}

// The test console's degraded-access controls: per TV provider, turn AuthNAll, AuthZAll or
// AuthZNone on or off through the degradation admin API (/admin/degradation), and see which
// rule is in force. Every instance applies a change within 2 s (this one at once).
import { useState } from 'react';
import { QaApiError } from '../../../shared/qa/qa-client.ts';
import { DEGRADATION_EFFECTS, DEGRADATION_RULES, useDegradation, type DegradationRuleName } from './degradation-query.ts';
import { useSetDegradation } from './set-degradation-mutation.ts';

type Choice = DegradationRuleName | 'off';

function describe(err: unknown): string {
  if (err instanceof QaApiError) return `${err.body.message}${err.body.details ? ` (${err.body.details})` : ''}`;
  return 'Playgate could not be reached.';
}

export function DegradationControls({ adminToken, generation, providers, onStatus }: { adminToken: string; generation: number; providers: Array<{ id: string; displayName: string }>; onStatus(text: string): void }) {
  const rules = useDegradation(adminToken, generation);
  const set = useSetDegradation(adminToken);
  const ruleOf = (mvpd: string): Choice => rules.data?.find((r) => r.mvpd === mvpd && r.active)?.rule ?? 'off';
  return (
    <>
      <h3>Degraded access</h3>
      {rules.error ? <p role="alert">{describe(rules.error)}</p> : null}
      {rules.data ? (
        <table className="test-console-modes">
          <caption className="visually-hidden">Degradation rules</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Rule</th>
              <th scope="col">In force</th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <DegradationRow
                key={`${p.id}:${ruleOf(p.id)}`}
                provider={p}
                current={ruleOf(p.id)}
                busy={set.isPending}
                onSet={(rule) =>
                  set.mutate(
                    { mvpd: p.id, rule },
                    { onSuccess: () => onStatus(`${p.displayName}: ${rule === 'off' ? 'no degradation rule' : rule} — ${DEGRADATION_EFFECTS[rule]}.`), onError: (err) => onStatus(`Refused: ${describe(err)}`) },
                  )
                }
              />
            ))}
          </tbody>
        </table>
      ) : rules.isPending ? (
        <p role="status">Loading the degradation rules…</p>
      ) : null}
    </>
  );
}

function DegradationRow({ provider, current, busy, onSet }: { provider: { id: string; displayName: string }; current: Choice; busy: boolean; onSet(rule: Choice): void }) {
  const [choice, setChoice] = useState<Choice>(current);
  return (
    <tr>
      <th scope="row">{provider.displayName}</th>
      <td>
        <form
          className="test-console-mode"
          onSubmit={(e) => {
            e.preventDefault();
            onSet(choice);
          }}
        >
          <select aria-label={`${provider.displayName} degradation rule`} value={choice} onChange={(e) => setChoice(e.target.value as Choice)}>
            <option value="off">off</option>
            {DEGRADATION_RULES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit" disabled={busy || choice === current} aria-label={`Apply ${provider.displayName} degradation rule`}>
            Apply
          </button>
        </form>
      </td>
      <td>{current}</td>
    </tr>
  );
}

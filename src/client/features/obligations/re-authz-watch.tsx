// Fulfils the MVPD's re-authz obligation while a title plays: a new authorize decision
// every n seconds (as the last decision says), with the player left alone — its stream URL
// does not change, so playback never stalls. A Deny ends playback with its reason; an
// MVPD that cannot answer right now (action retry) does not stop a stream it already
// permitted, and is asked again after the same delay.
import { useEffect, useRef, useState } from 'react';
import type { ErrorBody } from '../../../shared/api/error-body.ts';
import type { Decision } from '../../../shared/api/pass.ts';
import { reAuthzSeconds } from '../../../shared/obligations.ts';
import { useServices } from '../../app/pass-client-context.tsx';
import { toErrorBody } from '../../lib/api-error.ts';
import { authorizeResource } from '../watch/authorize-mutation.ts';

const isRetry = (error: ErrorBody) => error.action === 'retry' || error.action === 'retry-after';

export function ReAuthzWatch({
  obligations,
  mvpd,
  resource,
  provider,
  onDeny,
}: {
  /** The first decision's obligations: its re-authz (if any) sets the first delay. */
  obligations: NonNullable<Decision['obligations']>;
  mvpd: string;
  resource: string;
  provider: string;
  onDeny(error: ErrorBody, obligations: Decision['obligations']): void;
}) {
  const { pass, config } = useServices();
  const seconds = reAuthzSeconds(obligations) ?? 0;
  // Each settled check makes a new object, so the effect schedules the next one.
  const [checks, setChecks] = useState<{ count: number; at: number | null; every: number }>({ count: 0, at: null, every: seconds });
  // Read when a Deny comes: a new callback from the parent's render must not restart the clock.
  const deny = useRef(onDeny);
  deny.current = onDeny;

  useEffect(() => {
    if (checks.every <= 0) return;
    let live = true;
    const timer = setTimeout(() => {
      authorizeResource(pass, config.serviceProvider, mvpd, resource)
        .then((decision) => {
          if (!live) return;
          if (decision.authorized) {
            // The next decision may drop the obligation (no more checks) or change n.
            setChecks((c) => ({ count: c.count + 1, at: Date.now(), every: reAuthzSeconds(decision.obligations) ?? 0 }));
            return;
          }
          const error = decision.error ?? toErrorBody(null);
          if (isRetry(error)) setChecks((c) => ({ ...c }));
          else deny.current(error, decision.obligations);
        })
        .catch((err: unknown) => {
          if (!live) return;
          const error = toErrorBody(err);
          if (isRetry(error)) setChecks((c) => ({ ...c }));
          else deny.current(error, undefined);
        });
    }, checks.every * 1000);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [checks, pass, config.serviceProvider, mvpd, resource]);

  if (seconds <= 0) return null;
  return (
    <p className="hint" data-testid="reauthz-status" data-reauthorized={checks.count}>
      {provider} asks to check your access again every {seconds} s while you watch.
      {checks.at ? ` Checked again ${checks.count} ${checks.count === 1 ? 'time' : 'times'}, last at ${new Date(checks.at).toLocaleTimeString()}.` : ''}
    </p>
  );
}

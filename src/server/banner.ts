// What `npm start` prints once everything listens: where to go and how to sign in.
import type { Config } from './config/schema.ts';

export function printBanner(config: Config): void {
  const subscribers = config.mvpds.flatMap((m) => m.subscribers.map((s) => `${s.username} (${m.displayName}: ${s.packages.join('+')}${s.maxRating ? `, max ${s.maxRating}` : ''})`));
  const lines = [
    '',
    '  Playgate is running',
    '',
    `  App (open this):    ${config.app.publicUrl}`,
    `  Identity provider:  ${config.idp.issuer}${config.idp.embedded ? '' : ' (external)'}`,
    `  MVPD simulator:     ${config.mvpdSimulator.issuer}${config.mvpdSimulator.embedded ? '' : ' (external)'}`,
    '',
    // The embedded viewers exist only at the embedded IdP: an external one has its own.
    ...(config.idp.embedded ? [`  Viewers (password "${config.idp.demoPassword}"): ${config.idp.viewers.map((v) => v.username).join(', ')}`] : ['  Viewers: those of your identity provider']),
    `  TV provider subscribers (password "${config.mvpdSimulator.demoPassword}"):`,
    ...subscribers.map((s) => `    - ${s}`),
    '',
    `  Data: ${config.dataDir}`,
    '',
  ];
  console.log(lines.join('\n'));
}

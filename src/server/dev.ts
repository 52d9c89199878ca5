// `npm run dev`: the same three services as `npm start`, with the SPA served by Vite in
// middleware mode on the app's own origin (hot reload, no build step; dev-spa.ts).
import { start } from './main.ts';
import { installDevSpa } from './dev-spa.ts';

await start({
  spaDir: null,
  beforeListen: async (system) => {
    await installDevSpa(system.app, { connectSrc: [new URL(system.config.idp.issuer).origin], appOrigin: new URL(system.config.app.publicUrl).origin });
  },
}).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// `npm run dev`: the same three services as `npm start`, with the SPA served by Vite in
// middleware mode on the app's own origin (hot reload, no build step).
import { createServer } from 'vite';
import { start } from './main.ts';
import { isServerPath } from './http/server-paths.ts';

await start({
  spaDir: null,
  beforeListen: async (system) => {
    const vite = await createServer({ server: { middlewareMode: true, hmr: { server: system.app.server } }, appType: 'spa' });
    system.app.addHook('onRequest', (request, reply, done) => {
      if (isServerPath(request.url)) return done();
      reply.hijack();
      vite.middlewares(request.raw, reply.raw, () => {
        reply.raw.statusCode = 404;
        reply.raw.end('Not found');
      });
    });
    system.app.addHook('onClose', async () => vite.close());
  },
}).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

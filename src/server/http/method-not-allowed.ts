// Knows every route the app registers, so a request whose path exists under another
// method is answered 405 with an Allow header, not 404.
import type { FastifyInstance } from 'fastify';

export class RouteTable {
  private readonly routes: Array<{ re: RegExp; methods: Set<string> }> = [];

  constructor(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      if (route.url.includes('*')) return; // catch-alls (static files, docs) say nothing useful
      const re = new RegExp(`^${route.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`);
      const methods = [route.method].flat().map((m) => m.toUpperCase());
      const existing = this.routes.find((r) => r.re.source === re.source);
      if (existing) methods.forEach((m) => existing.methods.add(m));
      else this.routes.push({ re, methods: new Set(methods) });
    });
  }

  /** The methods allowed on `path`, or null when no route has this path at all. */
  allowed(path: string): string[] | null {
    const methods = new Set<string>();
    for (const r of this.routes) if (r.re.test(path)) r.methods.forEach((m) => methods.add(m));
    return methods.size > 0 ? [...methods].sort() : null;
  }
}

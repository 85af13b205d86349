import type { TestApp } from './test-app';

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) the express router serves, as `GET /api/agents/:id`. */
export function routesOf(t: TestApp): string[] {
  const http = t.app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const router = http.router ?? http._router;
  if (!router) throw new Error('cannot find the express router');
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        // `_all` is express's catch-all (Nest's not-found handler), not an endpoint.
        for (const method of Object.keys(layer.route.methods)) if (method !== '_all') found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk(router.stack, '');
  return [...new Set(found)].sort();
}

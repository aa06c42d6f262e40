import type { IncomingMessage, ServerResponse } from 'node:http';
import { OwhError } from '../errors/owh-error';

export type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** A small router: `/api/v1/cases/:caseId` patterns, 404 and 405 answered in the catalogue's terms. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const pattern = new RegExp(
      '^' + path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\/:([A-Za-z]+)/g, (_m, name: string) => {
        names.push(name);
        return '/([^/]+)';
      }) + '/?$',
    );
    this.routes.push({ method, pattern, names, handler });
    return this;
  }

  /** Finds the handler for a request; throws OWH_NOT_FOUND or OWH_METHOD_NOT_ALLOWED. */
  match(method: string, pathname: string): { handler: Handler; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      return { handler: route.handler, params };
    }
    if (pathMatched) throw new OwhError('OWH_METHOD_NOT_ALLOWED', { message: `${method} is not allowed on ${pathname}` });
    throw new OwhError('OWH_NOT_FOUND', { message: `no route ${pathname}` });
  }
}

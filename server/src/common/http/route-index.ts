import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Next = (err?: unknown) => void;
type Req = IncomingMessage & { params?: Record<string, string>; [dispatched]?: Route };

/** The parts of Express 5's router (the `router` package) this uses. */
interface Route {
  path: unknown;
  _handlesMethod(method: string): boolean;
  dispatch(req: Req, res: ServerResponse, done: Next): void;
}
interface Layer {
  route?: Route;
  match(path: string): unknown;
  handleRequest(req: Req, res: ServerResponse, next: Next): void;
}
interface Router {
  stack: Layer[];
  use(fn: (req: Req, res: ServerResponse, next: Next) => void): void;
}

/** A route path without parameters, wildcards or optional parts. */
const STATIC_PATH = /^\/[A-Za-z0-9/_.-]*$/;
const INDEXED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const dispatched = Symbol('route dispatched for this request');

/**
 * Express finds a request's route by testing every route's pattern in registration order: ~90 regular
 * expressions before `GET /api/v1/reports/mine`, ~100 before `GET /api/v1/cases`, on every request. For a
 * request whose path is exactly a parameterless route path, the outcome of that scan is known at boot: the
 * first layer whose pattern matches the path (that very route, for the method). This installs one layer right
 * before the first route that looks such requests up in a table and hands them to that route's layer as the
 * scan would. Anything else (parameters, HEAD, OPTIONS, other letter case, a trailing slash, a path some
 * middleware between the routes also matches) finds nothing in the table and goes through the scan as before.
 * Call it after app.init(), when Nest has registered every route. Returns how many method + path pairs it holds.
 */
export function indexStaticRoutes(app: NestExpressApplication): number {
  const router = (app.getHttpAdapter().getInstance() as unknown as { router: Router }).router;
  const stack = router.stack;
  const first = stack.findIndex((layer) => layer.route);
  if (first < 0) return 0;
  const table = new Map<string, Layer>();
  const paths = new Set(
    stack.slice(first).flatMap((l) => (typeof l.route?.path === 'string' && STATIC_PATH.test(l.route.path) ? [l.route.path] : [])),
  );
  for (const path of paths)
    for (const method of INDEXED_METHODS) {
      const target = scanFor(stack, first, path, method);
      // A parameter route declared earlier that takes the path keeps it, through the scan (it needs its params).
      if (target?.route!.path === path) table.set(`${method} ${path}`, target);
    }
  for (const layer of new Set(table.values())) dispatchOncePerRequest(layer.route!);
  router.use(function routeIndex(req: Req, res: ServerResponse, next: Next) {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const layer = table.get(`${req.method} ${query < 0 ? url : url.slice(0, query)}`);
    if (!layer) return next();
    req.params = {};
    layer.handleRequest(req, res, next);
  });
  stack.splice(first, 0, stack.pop()!);
  return table.size;
}

/** The layer Express's scan from `from` runs for this path and method: a route, or null when a middleware matches first. */
function scanFor(stack: Layer[], from: number, path: string, method: string): Layer | null {
  for (let i = from; i < stack.length; i++) {
    const layer = stack[i];
    if (!layer.match(path)) continue;
    if (!layer.route) return null;
    if (layer.route._handlesMethod(method)) return layer;
  }
  return null;
}

/**
 * A route handler that passes the request on (`next()`) sends the router's scan on from the first route, where
 * it meets the same route again: this makes that second meeting pass on too, so the scan goes on after the route
 * exactly as Express's own would. (Nest's handlers pass a request on only when filtering by host, unused here.)
 */
function dispatchOncePerRequest(route: Route): void {
  const dispatch = route.dispatch;
  route.dispatch = function (req, res, done) {
    if (req[dispatched] === route) return done();
    req[dispatched] = route;
    return dispatch.call(this, req, res, done);
  };
}

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Next = (err?: unknown) => void;
type Handle = (req: IncomingMessage, res: ServerResponse, next: Next) => unknown;

/** The parts of a layer of Express 5's router (the `router` package) this uses. */
interface Layer {
  name: string;
  handle: Handle;
  route?: unknown;
  /** True for a layer mounted at `/` with `app.use`: it matches every path and leaves `req.url` alone. */
  slash?: boolean;
}

/**
 * Every request walks the middleware mounted at `/` before the routes one router step at a time: Nest's adapter
 * hook, the security headers, load shedding, the two body parsers, the depth check, the request log and the route
 * table. Each step is the router's whole `next()`: the path parsed again, the layer matched, its parameters
 * processed, the prefix trimmed, the call wrapped. This replaces that leading run of layers with one layer that
 * calls the same functions in the same order, as the router would: a function that calls `next()` hands on to the
 * following one, one that calls `next(err)` (or throws, or returns a promise that rejects) skips the rest, as the
 * router skips every non-error layer, and the router's scan goes on after the merged layer. Call it after
 * app.init() and indexStaticRoutes(), when the stack is complete. Returns the names of the merged functions.
 */
export function mergeLeadingMiddleware(app: NestExpressApplication): string[] {
  const stack = (app.getHttpAdapter().getInstance() as unknown as { router: { stack: Layer[] } }).router.stack;
  let count = 0;
  while (count < stack.length && isPlainRootMiddleware(stack[count])) count++;
  if (count < 2) return stack.slice(0, count).map((l) => l.name);
  const merged = stack.slice(0, count);
  const handles = merged.map((l) => l.handle);
  const first = merged[0];
  // The first layer keeps its place and its Layer object; only what it calls changes.
  first.handle = function frontMiddleware(req: IncomingMessage, res: ServerResponse, next: Next): void {
    let i = 0;
    const step: Next = (err?: unknown) => {
      // As the router: 'route' means nothing outside a route, any other truthy value is an error (or 'router').
      if (err && err !== 'route') return next(err);
      if (i === handles.length) return next();
      call(handles[i++], req, res, step);
    };
    step();
  };
  first.name = 'frontMiddleware';
  stack.splice(1, count - 1);
  return merged.map((l) => l.name);
}

/** What the router's Layer#handleRequest does around a middleware: a throw or a rejected promise becomes next(err). */
function call(handle: Handle, req: IncomingMessage, res: ServerResponse, next: Next): void {
  try {
    const ret = handle(req, res, next) as PromiseLike<unknown> | undefined;
    if (ret && typeof ret.then === 'function') ret.then(undefined, (err: unknown) => next(err || new Error('Rejected promise')));
  } catch (err) {
    next(err);
  }
}

/** A middleware mounted at `/` (not a route, not an error handler taking four arguments). */
function isPlainRootMiddleware(layer: Layer): boolean {
  return !layer.route && layer.slash === true && layer.handle.length < 4;
}

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { createRequire } from 'node:module';

/** Leading literal path segments that name a group: `/api/v1/<controller>`. */
const GROUP_DEPTH = 3;
/** A segment that path-to-regexp reads as plain text (no parameter, wildcard, group or escape). */
const LITERAL_SEGMENT = /^[A-Za-z0-9_.~-]+$/;

/** The parts of router@2's Router and Layer this relies on (Express 5's app router). */
interface RouteLayer {
  route?: { path?: unknown };
}
interface AppRouter {
  stack: RouteLayer[];
  caseSensitive?: boolean;
  strict?: boolean;
  mergeParams?: boolean;
  handle(req: Request, res: Response, next: NextFunction): void;
  use(fn: (req: Request, res: Response, next: NextFunction) => void): unknown;
}
type RouterClass = new (options: { caseSensitive?: boolean; strict?: boolean; mergeParams?: boolean }) => AppRouter;

/** `/api/v1/reports` for a route at `/api/v1/reports/:id`; null when its first segments are not all plain text. */
export function routeGroupKey(path: unknown, caseSensitive = false): string | null {
  if (typeof path !== 'string') return null;
  const segments = path.split('/');
  if (segments[0] !== '' || segments.length < GROUP_DEPTH + 1) return null;
  const lead = segments.slice(1, GROUP_DEPTH + 1);
  if (!lead.every((s) => LITERAL_SEGMENT.test(s))) return null;
  const key = `/${lead.join('/')}`;
  return caseSensitive ? key : key.toLowerCase();
}

/**
 * Express 5 tries the routes of the app one after the other, each with its own regular expression: a request
 * to a route registered late walked ~180 of them. This puts the routes under one `/api/v1/<controller>` into
 * a sub-router of their own (in their order, with the app router's options), behind one layer that enters it
 * only when the path is under that prefix, so a request tries a few dozen prefixes and then its controller's
 * routes. What is answered does not change:
 * - only routes whose first three segments are plain text are grouped, so a group's routes can match no path
 *   outside its prefix and the groups are disjoint: moving a route before another group's routes changes nothing;
 * - a route is only moved past routes, never past a middleware or a route left ungrouped (those stay in place,
 *   and a group never spans them);
 * - OPTIONS requests skip the groups, as Express gathers the allowed methods of every route before the
 *   app's not-found handler answers them.
 * Call after `app.init()` (the routes exist then).
 */
export function groupRoutesByPrefix(app: NestExpressApplication): number {
  const router = (app.getHttpAdapter().getInstance() as unknown as { router: AppRouter }).router;
  const Router = expressRouterClass();
  const options = { caseSensitive: router.caseSensitive, strict: router.strict, mergeParams: router.mergeParams };
  const out: RouteLayer[] = [];
  const groups = new Map<RouteLayer, { first: RouteLayer; layers: RouteLayer[] }>();
  let open = new Map<string, RouteLayer[]>();
  let grouped = 0;
  for (const layer of router.stack) {
    const key = layer.route ? routeGroupKey(layer.route.path, !!router.caseSensitive) : null;
    if (key === null) {
      // A middleware or an ungrouped route: later routes must stay behind it.
      open = new Map();
      out.push(layer);
      continue;
    }
    const group = open.get(key);
    if (group) {
      group.push(layer);
      grouped++;
      continue;
    }
    const layers = [layer];
    open.set(key, layers);
    const entry = entryLayer(Router, options, key, layers);
    groups.set(entry, { first: layer, layers });
    out.push(entry);
  }
  // A controller with a single route gains nothing from a sub-router: its route stays as it was.
  router.stack = out.map((l) => (groups.get(l)?.layers.length === 1 ? groups.get(l)!.first : l));
  return grouped;
}

/** The Router class of the express Nest runs on (its `express.Router`; the app's router does not name its class). */
function expressRouterClass(): RouterClass {
  const express = createRequire(require.resolve('@nestjs/platform-express'))('express') as { Router: RouterClass };
  return express.Router;
}

/** One layer standing for the group `layers`: a middleware that hands requests under `key` to their sub-router. */
function entryLayer(Router: RouterClass, options: ConstructorParameters<RouterClass>[0], key: string, layers: RouteLayer[]): RouteLayer {
  const sub = new Router(options);
  sub.stack = layers;
  const caseSensitive = !!options.caseSensitive;
  const holder = new Router(options);
  holder.use(function routeGroup(req: Request, res: Response, next: NextFunction) {
    if (req.method === 'OPTIONS') return next();
    const path = caseSensitive ? req.path : req.path.toLowerCase();
    if (path === key || path.startsWith(`${key}/`)) return sub.handle(req, res, next);
    next();
  });
  return holder.stack[0];
}

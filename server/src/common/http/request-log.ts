import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * The root logger: pino-http's, built from the same options as before (level, redaction of the authorization
 * and cookie headers, its request/response/error serialisers), so every line keeps its shape. Only its
 * middleware is not used: pino-http 10.5 serialises and redacts each request into a child logger up front,
 * whatever its options say (the sixth round measured that), even when nothing is logged.
 */
export function createRootLogger(level: string): Logger {
  return pinoHttp({ level, redact: ['req.headers.authorization', 'req.headers.cookie'] }).logger;
}

/**
 * A request's logger for nestjs-pino's PinoLogger (what `Logger` calls inside a request write through): the root
 * logger bound to the serialised request, built on first use. A request that logs nothing costs no child logger.
 */
class LazyRequestStore implements Pick<Store, 'logger'> {
  private bound: Logger | undefined;

  constructor(
    private readonly root: Logger,
    private readonly req: IncomingMessage,
  ) {}

  get logger(): Logger {
    return (this.bound ??= this.root.child({ req: this.req }));
  }

  // PinoLogger.assign() replaces the request's logger with a child of it.
  set logger(value: Logger) {
    this.bound = value;
  }
}

const STORE = Symbol('request log store');

/**
 * Runs `next` with the request's logger as the current one. Fastify parses a body in the socket's own async context,
 * so what runs after the parser (the handler) is put back into the request's (a `preHandler` hook).
 */
export function withRequestLogger(req: IncomingMessage, next: () => void): void {
  const store = (req as IncomingMessage & { [STORE]?: LazyRequestStore })[STORE];
  if (!store || storage.getStore() === (store as Store)) return next();
  storage.run(store as Store, next);
}

/**
 * One middleware for what pino-http and nestjs-pino's binding did per request: the request id (the client's
 * `x-request-id`, else a new UUID) on `req.id` and the response header, the request's logger for every log line
 * written while it runs, and the completion line `request completed` / `request errored` (at info, with the
 * serialised request, response and time) unless `ignore(req)` or the level is above info.
 * Installed as one `onRequest` hook (create-app.ts).
 */
export function requestLogging(root: Logger, ignore: (req: IncomingMessage) => boolean) {
  return function requestLog(req: IncomingMessage, res: ServerResponse & { err?: unknown }, next: () => void): void {
    const id = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    res.setHeader('x-request-id', id);
    req.id = id;
    const store = new LazyRequestStore(root, req);
    (req as IncomingMessage & { [STORE]?: LazyRequestStore })[STORE] = store;
    if (root.isLevelEnabled('info')) {
      const start = Date.now();
      const done = (err?: unknown) => {
        res.removeListener('close', done);
        res.removeListener('finish', done);
        res.removeListener('error', done);
        const responseTime = Date.now() - start;
        if (err || res.err || res.statusCode >= 500) {
          const error = err || res.err || new Error(`failed with status code ${res.statusCode}`);
          store.logger.info({ res, err: error, responseTime }, 'request errored');
        } else store.logger.info({ res, responseTime }, 'request completed');
      };
      // As pino-http: an ignored request (the health probe) is still logged when its response fails.
      if (!ignore(req)) {
        res.on('close', done);
        res.on('finish', done);
      }
      res.on('error', done);
    }
    storage.run(store as Store, next);
  };
}

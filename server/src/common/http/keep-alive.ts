import { Logger } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** nginx keeps idle upstream connections 60 s (`keepalive_timeout`), as do most cloud load balancers. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * How long a closing server lets running requests finish before it cuts their connections. Shorter than the
 * 30 s a container orchestrator waits after SIGTERM before SIGKILL, so the shutdown hooks after it still run.
 */
export const SHUTDOWN_GRACE_MS = 10_000;

const cutAtShutdown = new WeakMap<Server, string[]>();

/**
 * Node closes a kept-alive connection after 5 s idle by default. A proxy that keeps it longer sends the next
 * request on a socket the server is closing at that moment, and the request fails (nginx answers 502 and does
 * not retry a POST elsewhere; the soak run saw "fetch failed" for it). Idle connections therefore stay open
 * longer than the proxy's limit, so the proxy is always the side that closes them.
 */
export function outlastProxyKeepAlive(server: Server, graceMs = SHUTDOWN_GRACE_MS): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed keepAliveTimeout, or a kept-alive socket can be cut while its next request's headers arrive.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  const running = new Set<ServerResponse>();
  // close() ends the connections idle at that moment; one whose request was still running would then idle
  // the full 65 s and hold up the shutdown (and every test's app.close()). Close it as soon as it answers: the
  // responses running at close() and any request that still arrives after it (one listener per request before).
  const closeIdleOnceAnswered = (res: ServerResponse) =>
    res.once('finish', () => {
      if (!server.listening) setImmediate(() => server.closeIdleConnections());
    });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    running.add(res);
    res.once('close', () => running.delete(res));
    if (!server.listening) closeIdleOnceAnswered(res);
  });
  const close = server.close.bind(server);
  // A request that never answers (a stuck upstream, a handler awaiting forever) must not stop the shutdown.
  server.close = ((callback?: (err?: Error) => void) => {
    for (const res of running) if (!res.writableFinished) closeIdleOnceAnswered(res);
    const deadline = setTimeout(() => {
      const cut = [...running].map(({ req }) => `${req.method} ${req.url}`);
      cutAtShutdown.set(server, cut);
      new Logger('HttpShutdown').warn(
        `${cut.length} request(s) still running ${graceMs} ms after close, connections cut: ${cut.join(', ')}`,
      );
      server.closeAllConnections();
    }, graceMs).unref();
    return close((err?: Error) => {
      clearTimeout(deadline);
      callback?.(err);
    });
  }) as Server['close'];
}

/** The requests a closing server had to cut at its deadline (empty when every request answered in time). */
export function requestsCutAtShutdown(server: Server): string[] {
  return cutAtShutdown.get(server) ?? [];
}

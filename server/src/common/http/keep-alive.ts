import type { Server, ServerResponse } from 'node:http';

/** nginx keeps idle upstream connections 60 s (`keepalive_timeout`), as do most cloud load balancers. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Node closes a kept-alive connection after 5 s idle by default. A proxy that keeps it longer sends the next
 * request on a socket the server is closing at that moment, and the request fails (nginx answers 502 and does
 * not retry a POST elsewhere; the soak run saw "fetch failed" for it). Idle connections therefore stay open
 * longer than the proxy's limit, so the proxy is always the side that closes them.
 */
export function outlastProxyKeepAlive(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Must exceed keepAliveTimeout, or a kept-alive socket can be cut while its next request's headers arrive.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  // close() ends the connections idle at that moment; one whose request was still running would then idle
  // the full 65 s and hold up the shutdown (and every test's app.close()). Close it as soon as it answers.
  server.on('request', (_req, res: ServerResponse) => {
    res.once('finish', () => {
      if (!server.listening) setImmediate(() => server.closeIdleConnections());
    });
  });
}

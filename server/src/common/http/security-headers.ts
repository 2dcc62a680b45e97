import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_DIST, H5_DIST } from '../../static-sites';

/**
 * CSP hashes of the inline scripts in the built pages this server serves (Taro's H5 page sets the root
 * font size with one before its bundles load), so they run while any other inline script is refused.
 */
export function inlineScriptHashes(pages: string[] = [join(ADMIN_DIST, 'index.html'), join(H5_DIST, 'index.html')]): string[] {
  const hashes = new Set<string>();
  for (const page of pages.filter((p) => existsSync(p))) {
    for (const m of readFileSync(page, 'utf8').matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi))
      if (m[1].trim()) hashes.add(`'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  }
  return [...hashes];
}

/**
 * Security headers on everything the server sends (API, /admin, /h5, Swagger). The CSP allows only this
 * origin (and the configured map-tile hosts for images); inline styles stay allowed because antd and Taro's H5 runtime set style attributes and
 * inject <style> elements. No page may be framed (clickjacking of the logged-in admin panel).
 */
export function applySecurityHeaders(fastify: FastifyInstance, { imageOrigins = [] }: { imageOrigins?: string[] } = {}): void {
  const { set, removed } = recordHeaders(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", ...inlineScriptHashes()],
          'style-src': ["'self'", "'unsafe-inline'"],
          // imageOrigins: the street-map tile hosts (MAP_TILE_URL), drawn by the H5 build and the admin panel.
          'img-src': ["'self'", 'data:', 'blob:', ...imageOrigins],
          'font-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'media-src': ["'self'", 'blob:'],
          'worker-src': ["'self'", 'blob:'],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      // HSTS only on requests that arrived over HTTPS (see below): on plain HTTP it means nothing and would mislead.
      strictTransportSecurity: false,
      // The photos are <img> sources of the mini-program's WebView and of Open311 clients on other origins.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  // One hook instead of helmet's chain of a dozen middlewares and a second one for HSTS. On the raw response, so the
  // answers written past Fastify (load shedding) carry them too.
  fastify.addHook('onRequest', function securityHeaders(request, reply, done) {
    const res = reply.raw;
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    // `protocol` follows X-Forwarded-Proto only from a trusted proxy (trustProxy).
    if (request.protocol === 'https') res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    done();
  });
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * The headers a middleware sets and removes, recorded once on a stand-in response. Helmet's are the same on every
 * response with these options (no directive is a function of the request), so they are set from the record.
 */
export function recordHeaders(middleware: Middleware): { set: [string, string | number | readonly string[]][]; removed: string[] } {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  let finished = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    finished = true;
  });
  if (!finished) throw new Error('the security headers middleware did not finish synchronously');
  return { set, removed };
}

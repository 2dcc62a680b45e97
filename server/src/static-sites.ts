import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Where the built UIs are; overridable for deployments that copy them elsewhere. */
export const ADMIN_DIST = process.env.ADMIN_DIST ?? join(__dirname, '..', 'admin', 'dist');
export const H5_DIST = process.env.H5_DIST ?? join(__dirname, '..', '..', 'miniapp', 'dist-h5');

interface Site {
  root: string;
  prefix: string;
  /** Folders of built assets: a missing file there is a 404, not the page (a stale bundle must fail loudly). */
  assets: string[];
}

/** The file a path names inside the site, or null when there is none (or the path leaves the site). */
function fileIn(root: string, rel: string): string | null {
  const full = resolve(root, rel);
  if (!full.startsWith(root + sep)) return null;
  try {
    return statSync(full).isFile() ? full.slice(root.length + 1) : null;
  } catch {
    return null;
  }
}

function serveSite(site: Site) {
  const root = resolve(site.root);
  return (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
    const rel = request.params['*'] ?? '';
    const file = rel === '' ? 'index.html' : fileIn(root, rel);
    if (file) return reply.sendFile(file, root);
    if (site.assets.some((a) => rel.startsWith(`${a}/`))) return reply.callNotFound();
    // Any other path is a route of the single-page app: its page, which routes on the client.
    return reply.sendFile('index.html', root);
  };
}

/**
 * Serves the admin panel at /admin and the H5 mini-program at /h5 when they have been built, with the headers
 * Express's static files had (Cache-Control `public, max-age=0`, ETag, Last-Modified, 304s) and the page for any path
 * of the app that is not a file.
 */
export function serveBuiltSites(fastify: FastifyInstance): void {
  const sites: Site[] = [
    { root: ADMIN_DIST, prefix: '/admin', assets: ['assets'] },
    { root: H5_DIST, prefix: '/h5', assets: ['js', 'css', 'static'] },
  ].filter((s) => existsSync(join(s.root, 'index.html')));
  if (!sites.length) return;
  void fastify.register(fastifyStatic, { root: resolve(sites[0].root), serve: false });
  for (const site of sites) {
    const serve = serveSite(site);
    // One route for /admin and /admin/ (ignoreTrailingSlash): the bare one is sent to the page's folder, as before.
    fastify.get(site.prefix, (request, reply) =>
      request.url.split('?')[0].endsWith('/')
        ? serve(request as FastifyRequest<{ Params: { '*': string } }>, reply)
        : reply.redirect(`${site.prefix}/`, 301),
    );
    fastify.get(`${site.prefix}/*`, serve);
  }
}

import etag from 'etag';
import type { FastifyInstance } from 'fastify';
import fresh from 'fresh';

/**
 * Express's answer rules for a string or buffer body, kept so clients keep their 304s: a weak ETag of the bytes
 * (Express's own function, so the values are the same as before) unless the handler set one; for GET and HEAD with a
 * 2xx whose ETag or Last-Modified the client already has, 304 without body or content headers. Streams (static
 * files, which send their own) and bodies the handler already answered 304 pass through.
 */
export function answerWithEtags(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    // A string is encoded once, here: the tag hashes these bytes and Fastify sends them, where the tag's length, the
    // Content-Length and the socket write each encoded the string again (a 16 kB board page: ~45 → ~25 µs).
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    let tag = reply.getHeader('etag') as string | undefined;
    if (tag === undefined) {
      tag = etag(body, { weak: true });
      reply.header('ETag', tag);
    }
    const status = reply.statusCode;
    const method = request.raw.method;
    if (
      (method === 'GET' || method === 'HEAD') &&
      status >= 200 &&
      status < 300 &&
      fresh(request.headers, { etag: tag, 'last-modified': reply.getHeader('last-modified') as string | undefined })
    ) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      reply.removeHeader('transfer-encoding');
      return done(null, null);
    }
    done(null, body);
  });
}

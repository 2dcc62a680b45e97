import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseQuery } from 'node:querystring';

/** No JSON or form body of this API comes near 1 MB; uploads are multipart and have their own limits. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** A body the parsers refuse, typed as body-parser typed it, so the exception filter maps it to the same code. */
class BodyError extends Error {
  constructor(
    readonly type: 'entity.parse.failed' | 'charset.unsupported',
    message: string,
  ) {
    super(message);
  }
}

function charsetOf(request: FastifyRequest): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
}

/** body-parser's strict JSON: an object or an array, an empty body is `{}`, a charset other than UTF-* is refused. */
function parseJson(request: FastifyRequest, body: Buffer): unknown {
  const charset = charsetOf(request);
  if (charset !== undefined && !charset.startsWith('utf-')) throw new BodyError('charset.unsupported', `unsupported charset "${charset}"`);
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  const first = /^[ \t\n\r]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new BodyError('entity.parse.failed', 'JSON body must be an object or an array');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BodyError('entity.parse.failed', (err as Error).message);
  }
}

/**
 * The body parsers, with what Express's gave the handlers: JSON and URL-encoded forms up to 1 MB (`bodyLimit` of the
 * instance), the raw bytes kept on `rawBody` (WeChat Pay's notify checks its signature over them); any other type is
 * read and left unparsed (the handler sees no body, its validation answers) instead of Fastify's 415. Multipart is
 * @fastify/multipart's, read by the upload interceptors.
 */
export function parseBodiesAsBefore(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const keepRaw = (request: FastifyRequest, body: Buffer) => ((request as FastifyRequest & { rawBody?: Buffer }).rawBody = body);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    keepRaw(request, body as Buffer);
    try {
      done(null, parseJson(request, body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request, body, done) => {
    keepRaw(request, body as Buffer);
    const charset = charsetOf(request);
    if (charset !== undefined && charset !== 'utf-8')
      return done(new BodyError('charset.unsupported', `unsupported charset "${charset}"`), undefined);
    done(null, { ...parseQuery((body as Buffer).toString('utf8')) });
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    keepRaw(request, body as Buffer);
    done(null, undefined);
  });
}

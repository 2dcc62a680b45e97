import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Request, Response } from 'express';

type EtagFn = (body: Buffer, encoding?: BufferEncoding) => string | undefined;

/**
 * Nest's Express adapter, answering a handler's JSON the way Express's `res.json` does — the same bytes and the
 * same headers (`Content-Type: application/json; charset=utf-8`, `Content-Length`, Express's weak ETag), in the
 * same order — without `res.json` → `res.send`'s per-request detours: a MIME lookup and a charset parse and
 * rewrite of a Content-Type that is always the same, settings looked up one by one. Anything that is not a
 * plain answer to a plain GET/POST (a body that is not an object, a Content-Type or ETag the handler set
 * itself, HEAD, a conditional request, 204/205/304, a JSON setting Express would honour) goes the adapter's own way,
 * or through `res.send` with the headers set here, which then does exactly what it does for `res.json`.
 */
export class JsonReplyExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (!isPlainJsonBody(body) || !plainJsonSettings(response) || response.getHeader('Content-Type') !== undefined)
      return super.reply(response, body, statusCode);
    const text = JSON.stringify(body);
    // A toJSON() that answers undefined leaves Express's path to decide what that means.
    if (typeof text !== 'string' || response.getHeader('ETag') !== undefined) return super.reply(response, body, statusCode);
    if (statusCode) response.status(statusCode);
    const chunk = Buffer.from(text, 'utf8');
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', String(chunk.length));
    const etag = (response.app.get('etag fn') as EtagFn | undefined)?.(chunk);
    if (etag) response.setHeader('ETag', etag);
    const req = response.req as Request;
    const status = response.statusCode;
    if (
      req.method === 'HEAD' ||
      status === 204 ||
      status === 205 ||
      status === 304 ||
      req.headers['if-none-match'] !== undefined ||
      req.headers['if-modified-since'] !== undefined
    )
      // Freshness (304), HEAD and the bodiless statuses: Express's send, which keeps the headers set above.
      return response.send(chunk);
    return response.end(chunk);
  }
}

/** What Nest's adapter hands to `res.json`: an object that is not a stream, an error or raw bytes. */
function isPlainJsonBody(body: unknown): body is object {
  return (
    body !== null && typeof body === 'object' && !(body instanceof StreamableFile) && !(body instanceof Error) && !ArrayBuffer.isView(body)
  );
}

/** No `json replacer`, `json spaces` or `json escape` set: `res.json` would then write exactly JSON.stringify's text. */
function plainJsonSettings(response: Response): boolean {
  const settings = response.app.settings as Record<string, unknown>;
  return !settings['json replacer'] && !settings['json spaces'] && !settings['json escape'];
}

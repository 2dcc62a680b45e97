import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * Outgoing HTTP calls to other systems' APIs (WeChat, Tencent Maps) on kept-alive sockets. `fetch` (undici)
 * costs several times the CPU of `http.request` per call (web streams, abort signals, header objects): ~0.45 ms
 * against ~0.05 ms on this machine, and a report makes two or three such calls.
 */
export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers?: OutgoingHttpHeaders;
  body?: string;
  /** The whole exchange, from connecting to the last byte of the answer. */
  timeoutMs: number;
  /** A larger answer is refused; the default fits the APIs' JSON. */
  maxBytes?: number;
}

export interface OutboundResponse {
  status: number;
  body: Buffer;
  /** The body as UTF-8, decoded when read. */
  readonly text: string;
}

/**
 * Where a call goes, already split as `http.request` wants it: a caller that calls the same host again and again
 * (the geocoder: one call a report) builds it without a `URL` a call (`targetOf`).
 */
export interface OutboundTarget {
  https: boolean;
  hostname: string;
  port: string;
  /** Path and query, encoded as they go on the wire. */
  path: string;
}

/** The target of `path` (with its query) on `base`'s host. */
export function targetOf(base: URL, path: string): OutboundTarget {
  // A URL's IPv6 hostname keeps its brackets; http.request wants the bare address (as node's urlToHttpOptions).
  const hostname = base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname;
  return { https: base.protocol === 'https:', hostname, port: base.port, path };
}

/** A larger answer is refused unless the caller allows more: these APIs answer a few kilobytes of JSON. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

// Idle sockets are dropped after 4 s (undici's default) unless the server's Keep-Alive header says less. Every socket
// a burst opened is kept for the next one (maxFreeSockets = maxSockets): with fewer, a burst wider than that (the image
// check sends up to 20 calls side by side) closed the sockets beyond it on the way back and opened them again on the
// next burst, a TCP (and to WeChat a TLS) handshake each.
const agentOptions = { keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 64, maxFreeSockets: 64, timeout: 4_000 };
const httpAgent = new HttpAgent(agentOptions);
const httpsAgent = new HttpsAgent(agentOptions);

export function outboundRequest(url: URL | OutboundTarget, req: OutboundRequest): Promise<OutboundResponse> {
  return once(url, req).catch((e: Error & { code?: string; reusedSocket?: boolean }) => {
    // The other side closed an idle kept-alive socket just as this request was written to it (Node's documented
    // race): the request never reached it, so it is sent once more on a fresh socket.
    if (e.reusedSocket && e.code === 'ECONNRESET') return once(url, req);
    throw e;
  });
}

function once(url: URL | OutboundTarget, req: OutboundRequest): Promise<OutboundResponse> {
  const https = url instanceof URL ? url.protocol === 'https:' : url.https;
  const headers: OutgoingHttpHeaders = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
  const options: RequestOptions = { method: req.method, headers, agent: https ? httpsAgent : httpAgent };
  if (!(url instanceof URL)) Object.assign(options, { hostname: url.hostname, port: url.port, path: url.path });
  return new Promise((resolve, reject) => {
    let answered = false;
    const onAnswer = (res: IncomingMessage) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > (req.maxBytes ?? MAX_RESPONSE_BYTES)) started.destroy(new Error('answer too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          body,
          get text() {
            return body.toString('utf8');
          },
        });
      });
      res.on('error', fail);
      res.on('close', () => {
        if (!res.complete) fail(new Error('connection closed before the answer ended'));
      });
    };
    const send = https ? httpsRequest : httpRequest;
    const started = url instanceof URL ? send(url, options, onAnswer) : send(options, onAnswer);
    const timer = setTimeout(() => started.destroy(new Error(`timed out after ${req.timeoutMs} ms`)), req.timeoutMs);
    function fail(e: Error): void {
      clearTimeout(timer);
      reject(Object.assign(e, { reusedSocket: started.reusedSocket }));
    }
    started.on('error', fail);
    started.on('close', () => {
      if (!answered) fail(new Error('connection closed without an answer'));
    });
    started.end(req.body);
  });
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal S3-compatible server over real HTTP: path-style PUT / GET / DELETE of objects, a
 * NoSuchKey XML error, and requests without a SigV4 Authorization for our access key refused.
 */
export function startFakeS3(
  accessKeyId: string,
): Promise<{ server: Server; url: string; objects: Map<string, { body: Buffer; type: string }>; requests: string[] }> {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const requests: string[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(`${req.method} ${path}`);
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('AWS4-HMAC-SHA256 ') || !auth.includes(`Credential=${accessKeyId}/`) || !req.headers['x-amz-date']) {
      res
        .writeHead(403, { 'content-type': 'application/xml' })
        .end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>denied</Message></Error>');
      return;
    }
    if (req.method === 'PUT') {
      objects.set(path, { body: await read(req), type: String(req.headers['content-type'] ?? '') });
      res.writeHead(200, { etag: '"x"' }).end();
    } else if (req.method === 'GET') {
      const o = objects.get(path);
      if (!o)
        res
          .writeHead(404, { 'content-type': 'application/xml' })
          .end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      else res.writeHead(200, { 'content-type': o.type, 'content-length': o.body.length }).end(o.body);
    } else if (req.method === 'DELETE') {
      objects.delete(path);
      res.writeHead(204).end();
    } else res.writeHead(405).end();
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, objects, requests }),
    ),
  );
}

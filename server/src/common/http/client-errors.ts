import { errorDefinition, type ErrorCode } from '@sansui/shared';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a URL or headers over 16 KB, a broken
 * request line or chunk) are answered in the API's envelope `{code, message}` instead of Node's bare
 * "431"/"400" with an empty body, so a client reads them like every other refusal. Fastify's `clientErrorHandler`.
 */
export function answerClientErrorInEnvelope(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST';
  const { status, message } = errorDefinition(code);
  const body = JSON.stringify({ code, message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

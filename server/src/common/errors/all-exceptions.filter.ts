import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ERROR_DEFINITIONS, type ErrorBody, type ErrorCode } from '@sansui/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AppException } from './app-exception';

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** Errors raised by the body parsers (ours and Fastify's) before our code runs, keyed by their `type` or `code`. */
function mapInfrastructureError(err: unknown): ErrorCode | null {
  const e = err as { type?: string; code?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return 'MALFORMED_JSON';
  if (e?.type === 'charset.unsupported') return 'UNSUPPORTED_MEDIA_TYPE';
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'PAYLOAD_TOO_LARGE';
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'UNSUPPORTED_MEDIA_TYPE';
  if (e?.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return 'MALFORMED_REQUEST';
  return null;
}

/**
 * Errors that say the database (or another service) cannot be reached right now (connect timeout, refused, connection lost,
 * too many connections, SQLite busy), not that the request or the code is wrong. They answer 503, which a
 * proxy retries on another instance (`proxy_next_upstream http_503`) and a client may retry later. The soak run
 * saw a MySQL connect time out under overload and answer 500.
 */
const DATABASE_UNAVAILABLE = new Set([
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'SQLITE_BUSY',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; depth++) {
    if (typeof e.code === 'string' && DATABASE_UNAVAILABLE.has(e.code)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

/** Turns every error into the one envelope `{code, message}`; unexpected errors become a logged 500 without internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const { status, body } = this.toEnvelope(exception, req);
    if (reply.sent || reply.raw.headersSent) return;
    // The request log's id (the raw request's); a request refused before it has none yet.
    let requestId = (req.raw as { id?: string }).id ?? (req.headers?.['x-request-id'] as string | undefined);
    if (!requestId) {
      requestId = randomUUID();
      reply.header('x-request-id', requestId);
    }
    void reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send({ ...body, requestId });
  }

  private toEnvelope(exception: unknown, req: FastifyRequest): { status: number; body: ErrorBody } {
    if (exception instanceof AppException) return { status: exception.getStatus(), body: exception.getResponse() as ErrorBody };
    if (exception instanceof ThrottlerException) return this.fromCode('TOO_MANY_REQUESTS');
    const infra = mapInfrastructureError(exception) ?? mapInfrastructureError((exception as { cause?: unknown })?.cause);
    if (infra) return this.fromCode(infra);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as { code?: string; message?: unknown } | string;
      if (typeof response === 'object' && typeof response.code === 'string' && typeof response.message === 'string')
        return { status, body: response as ErrorBody };
      if (status === 400 && typeof response === 'object' && typeof response.message === 'string' && /JSON/.test(response.message))
        return this.fromCode('MALFORMED_JSON'); // Nest maps body-parser's SyntaxError to a bare BadRequestException
      // e.g. the health check when the database is down: load balancers need the 503, not a 500.
      if (status === HttpStatus.SERVICE_UNAVAILABLE) return this.fromCode('SERVICE_UNAVAILABLE');
      if (status < 500) {
        const code = STATUS_TO_CODE[status] ?? 'VALIDATION_FAILED';
        return { status, body: { code, message: ERROR_DEFINITIONS[code].message } };
      }
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.error({ err: exception, method: req.method, url: req.url }, 'Database unavailable');
      return this.fromCode('SERVICE_UNAVAILABLE');
    }
    this.logger.error({ err: exception, method: req.method, url: req.url }, 'Unhandled error');
    return this.fromCode('INTERNAL_ERROR');
  }

  private fromCode(code: ErrorCode) {
    const def = ERROR_DEFINITIONS[code];
    return { status: def.status, body: { code, message: def.message } };
  }
}

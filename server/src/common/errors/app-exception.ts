import { HttpException } from '@nestjs/common';
import { ERROR_DEFINITIONS, type ErrorBody, type ErrorCode } from '@sansui/shared';

/**
 * The one exception type services throw for anything a client did wrong. The status and default
 * Chinese message come from the shared catalogue, so a code always means the same thing.
 */
export class AppException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorBody['details'],
  ) {
    const def = ERROR_DEFINITIONS[code];
    super({ code, message: message ?? def.message, ...(details ? { details } : {}) } satisfies ErrorBody, def.status);
  }
}

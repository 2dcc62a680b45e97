import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { AppException } from '../common/errors/app-exception';

/** Open311 errors are a list of `{code, description}` (GeoReport v2 "Errors"), with the HTTP status as code. */
@Catch()
export class Open311ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    let status = 500;
    let description = '服务器内部错误';
    if (exception instanceof AppException) {
      status = exception.getStatus();
      description = (exception.getResponse() as { message: string }).message;
    } else if (exception instanceof ThrottlerException) {
      status = 429;
      description = '操作太频繁，请稍后再试';
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      description = exception.message;
    } else {
      this.logger.error(exception);
    }
    void reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send([{ code: status, description }]);
  }
}

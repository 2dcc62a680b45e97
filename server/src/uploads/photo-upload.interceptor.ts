import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { AppException } from '../common/errors/app-exception';
import { MultipartError, readSingleFile } from '../common/http/multipart';
import { PHOTO_LIMITS } from './image-processor';

const LIMITS = { fileSize: PHOTO_LIMITS.maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 11 };

/**
 * Parses the multipart body (one field `file`, at most 10 MB, held in memory) and maps its refusals to our
 * codes: too large → 413 PHOTO_TOO_LARGE, anything malformed → 400.
 */
@Injectable()
export class PhotoUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      await readSingleFile(context.switchToHttp().getRequest<FastifyRequest>(), 'file', LIMITS);
    } catch (err) {
      if (!(err instanceof MultipartError)) throw err;
      if (err.code === 'LIMIT_FILE_SIZE') throw new AppException('PHOTO_TOO_LARGE');
      if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT')
        throw new AppException('VALIDATION_FAILED', '只能上传一张照片，字段名为 file');
      if (err.code.startsWith('LIMIT_')) throw new AppException('VALIDATION_FAILED');
      throw new AppException('VALIDATION_FAILED', '上传内容格式错误，请重新选择照片');
    }
    return next.handle();
  }
}

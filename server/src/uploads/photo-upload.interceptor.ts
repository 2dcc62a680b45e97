import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { AppException } from '../common/errors/app-exception';
import { PHOTO_LIMITS } from './image-processor';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: PHOTO_LIMITS.maxBytes, files: 1, fields: 10, fieldSize: 1024, parts: 11 },
}).single('file');

/**
 * Parses the multipart body (one field `file`, at most 10 MB, held in memory) and maps multer's
 * errors to our codes: too large → 413 PHOTO_TOO_LARGE, anything malformed → 400.
 */
@Injectable()
export class PhotoUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    await new Promise<void>((resolve, reject) =>
      upload(req, res, (err: unknown) => {
        if (!err) return resolve();
        const code = (err as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') return reject(new AppException('PHOTO_TOO_LARGE'));
        if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT')
          return reject(new AppException('VALIDATION_FAILED', '只能上传一张照片，字段名为 file'));
        if (typeof code === 'string' && code.startsWith('LIMIT_')) return reject(new AppException('VALIDATION_FAILED'));
        return reject(new AppException('VALIDATION_FAILED', '上传内容格式错误，请重新选择照片'));
      }),
    );
    return next.handle();
  }
}

import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { AppException } from '../common/errors/app-exception';

/** A whole city's grids with detailed boundaries runs to several MB: more than the 1 MB JSON body limit. */
export const MAX_GEOJSON_BYTES = 30 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_GEOJSON_BYTES, files: 1, fields: 2, fieldSize: 1024, parts: 3 },
}).single('file');

/** Parses a multipart body with one GeoJSON file in the field `file`; maps multer's errors to our codes. */
@Injectable()
export class GeojsonUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) =>
      upload(http.getRequest<Request>(), http.getResponse<Response>(), (err: unknown) => {
        if (!err) return resolve();
        const code = (err as { code?: string }).code;
        if (code === 'LIMIT_FILE_SIZE') return reject(new AppException('PAYLOAD_TOO_LARGE', 'GeoJSON 文件不能超过 30MB'));
        return reject(new AppException('VALIDATION_FAILED', '请上传一个 GeoJSON 文件，字段名为 file'));
      }),
    );
    return next.handle();
  }
}

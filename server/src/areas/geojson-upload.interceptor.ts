import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { AppException } from '../common/errors/app-exception';
import { MultipartError, readSingleFile } from '../common/http/multipart';

/** A whole city's grids with detailed boundaries runs to several MB: more than the 1 MB JSON body limit. */
export const MAX_GEOJSON_BYTES = 30 * 1024 * 1024;

const LIMITS = { fileSize: MAX_GEOJSON_BYTES, files: 1, fields: 2, fieldSize: 1024, parts: 3 };

/** Parses a multipart body with one GeoJSON file in the field `file`; maps its refusals to our codes. */
@Injectable()
export class GeojsonUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      await readSingleFile(context.switchToHttp().getRequest<FastifyRequest>(), 'file', LIMITS);
    } catch (err) {
      if (!(err instanceof MultipartError)) throw err;
      if (err.code === 'LIMIT_FILE_SIZE') throw new AppException('PAYLOAD_TOO_LARGE', 'GeoJSON 文件不能超过 30MB');
      throw new AppException('VALIDATION_FAILED', '请上传一个 GeoJSON 文件，字段名为 file');
    }
    return next.handle();
  }
}

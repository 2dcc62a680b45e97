import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppException } from '../common/errors/app-exception';
import type { PhotoVariant } from './photo-url-signer';
import { PhotosService } from './photos.service';

/** Checks a signed photo URL and sends the bytes with cache headers. */
@Injectable()
export class PhotoServing {
  constructor(private readonly photos: PhotosService) {}

  async send(id: number, variant: PhotoVariant, q: Record<string, unknown>, res: FastifyReply): Promise<void> {
    const grant = this.photos.signer.verify(id, variant, q);
    if (!grant) throw new AppException('PHOTO_URL_INVALID');
    const found = await this.photos.read(id, variant);
    if (!found || (found.photo.contentCheck === 'risky' && !grant.staff)) throw new AppException('PHOTO_UNAVAILABLE');
    const etag = `"${found.photo.sha256.slice(0, 32)}${variant === 'thumb' ? '-t' : ''}"`;
    const maxAge = Math.max(0, Math.min(86400, grant.exp - Math.floor(Date.now() / 1000)));
    res.header('Cache-Control', `private, max-age=${maxAge}`);
    res.header('ETag', etag);
    res.header('X-Content-Type-Options', 'nosniff');
    if (res.request.headers['if-none-match'] === etag) {
      res.status(304).send();
      return;
    }
    res.type('image/jpeg').send(found.data);
  }
}

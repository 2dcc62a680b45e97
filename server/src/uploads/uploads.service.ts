import { Injectable } from '@nestjs/common';
import type { UploadResponse } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import type { UploadPhotoDto } from './dto/upload.dto';
import { PhotosService } from './photos.service';

/** POST /uploads: one photo from any logged-in user. */
@Injectable()
export class UploadsService {
  constructor(private readonly photos: PhotosService) {}

  async upload(user: AuthUser, file: Express.Multer.File | undefined, dto: UploadPhotoDto): Promise<UploadResponse> {
    if (!file || file.size === 0) throw new AppException('FILE_REQUIRED');
    const photo = await this.photos.createFromBuffer(user.id, file.buffer, { keepLocation: dto.keepLocation === true });
    const { id, url, thumbUrl, width, height } = this.photos.toDto(photo, { staff: user.kind === 'staff' });
    return { id, url, thumbUrl, width, height };
  }
}

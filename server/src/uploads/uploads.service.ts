import type { UploadedPart } from '../common/http/multipart';
import { Injectable } from '@nestjs/common';
import type { UploadResponse } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { captureDto, hasCaptureFacts, type CaptureInput } from './capture-facts';
import type { UploadPhotoDto } from './dto/upload.dto';
import { PhotosService } from './photos.service';

/** POST /uploads: one photo from any logged-in user, with the capture facts its phone declared. */
@Injectable()
export class UploadsService {
  constructor(private readonly photos: PhotosService) {}

  async upload(user: AuthUser, file: UploadedPart | undefined, dto: UploadPhotoDto): Promise<UploadResponse> {
    if (!file || file.size === 0) throw new AppException('FILE_REQUIRED');
    const capture = captureInput(dto);
    const keepLocation = dto.keepLocation === true || user.kind === 'staff' || hasCaptureFacts(capture);
    const photo = await this.photos.createFromBuffer(user.id, file.buffer, { keepLocation, capture });
    const { id, url, thumbUrl, width, height } = this.photos.toDto(photo, { staff: user.kind === 'staff' });
    return { id, url, thumbUrl, width, height, capture: captureDto(photo) };
  }
}

function captureInput(dto: UploadPhotoDto): CaptureInput {
  if ((dto.lat === undefined) !== (dto.lng === undefined)) throw new AppException('CAPTURE_LOCATION_INCOMPLETE');
  return {
    at: dto.capturedAt ? new Date(dto.capturedAt) : null,
    lat: dto.lat ?? null,
    lng: dto.lng ?? null,
    accuracyM: dto.lat !== undefined ? (dto.accuracyM ?? null) : null,
    source: dto.source ?? null,
  };
}

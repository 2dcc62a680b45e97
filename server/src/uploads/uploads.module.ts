import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LocalDiskStorage } from './storage/local-disk-storage';
import { PHOTO_STORAGE, type PhotoStorage } from './storage/photo-storage';
import { RecentPhotoBytes } from './storage/recent-photo-bytes';
import type { S3Storage } from './storage/s3-storage';
import { PhotoServing } from './photo-serving.service';
import { PhotosController } from './photos.controller';
import { PhotoRepository } from './photo.repository';
import { PhotosService } from './photos.service';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';
import { PhotoRetentionJob } from './photo-retention.job';
import { PhotoWindowHashJob } from './photo-window-hash.job';
import { PhotoWindowHashRepository } from './photo-window-hash.repository';

/** Photo uploads, storage (local disk or S3-compatible), signed serving, similarity lookups. */
@Module({
  controllers: [UploadsController, PhotosController],
  providers: [
    {
      provide: PHOTO_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): PhotoStorage => {
        const s3 = config.storage.s3;
        if (config.storage.driver !== 's3') return new RecentPhotoBytes(new LocalDiskStorage(config.storage.localDir));
        // The AWS SDK loads only when S3 is configured: requiring it cost ~4 % of every boot's CPU.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
        const { S3Storage: Storage } = require('./storage/s3-storage') as { S3Storage: typeof S3Storage };
        return new RecentPhotoBytes(
          new Storage({
            endpoint: s3.endpoint!,
            bucket: s3.bucket!,
            region: s3.region,
            accessKeyId: s3.accessKeyId!,
            secretAccessKey: s3.secretAccessKey!,
          }),
        );
      },
    },
    PhotosService,
    PhotoRepository,
    PhotoServing,
    UploadsService,
    PhotoRetentionJob,
    PhotoWindowHashRepository,
    PhotoWindowHashJob,
  ],
  exports: [PhotosService, PhotoRepository, PHOTO_STORAGE],
})
export class UploadsModule {}

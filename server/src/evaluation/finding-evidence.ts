import type { EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import type { PhotosService } from '../uploads/photos.service';

/**
 * What a finding's photos must be before the §14 evidence checks run (FindingsService): they exist,
 * were uploaded by the person recording the finding, and are not used by a report or case.
 */
export async function checkFindingEvidence(
  em: EntityManager,
  photos: PhotosService,
  input: { photoIds: number[]; userId: number },
): Promise<void> {
  if (input.photoIds.length === 0) throw new AppException('FINDING_PHOTO_REQUIRED');
  if (new Set(input.photoIds).size !== input.photoIds.length) throw new AppException('PHOTO_ALREADY_USED', '同一张照片不能重复使用');
  await photos.assertUnusedOwnPhotos(em, input.photoIds, input.userId);
}

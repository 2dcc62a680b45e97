import { AppException } from '../common/errors/app-exception';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Photo } from '../uploads/photo.entity';

/**
 * What a finding's photos must be before the §14 evidence checks run (FindingsService): they exist,
 * were uploaded by the person recording the finding, and are not used by a report or case.
 */
export async function checkFindingEvidence(em: EntityManager, input: { photoIds: number[]; userId: number }): Promise<void> {
  if (input.photoIds.length === 0) throw new AppException('FINDING_PHOTO_REQUIRED');
  if (new Set(input.photoIds).size !== input.photoIds.length) throw new AppException('PHOTO_ALREADY_USED', '同一张照片不能重复使用');
  const rows = await em.getRepository(Photo).find({ where: { id: In(input.photoIds) } });
  if (rows.length !== input.photoIds.length) throw new AppException('PHOTO_NOT_FOUND');
  if (rows.some((p) => p.ownerUserId !== input.userId)) throw new AppException('PHOTO_NOT_OWNED');
  if (rows.some((p) => p.reportId !== null || p.caseId !== null || p.role !== null)) throw new AppException('PHOTO_ALREADY_USED');
}

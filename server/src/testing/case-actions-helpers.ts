import type { CaseAction } from '@sansui/shared';
import type { Response } from 'supertest';
import type { Case } from '../cases/case.entity';
import { Photo } from '../uploads/photo.entity';
import { insertPhoto, type Actor } from './factories-cases';
import type { TestApp } from './test-app';

/** POSTs the §13 endpoint of `action` with a body that is valid for it (photos are created for `resolve`). */
export async function postAction(
  t: TestApp,
  actor: Actor,
  c: Pick<Case, 'id' | 'lat' | 'lng'>,
  action: CaseAction,
  extra: Record<string, unknown> = {},
): Promise<Response> {
  const path = action === 'verify_pass' || action === 'verify_fail' ? 'verify' : action;
  let body: Record<string, unknown> = {};
  if (action === 'reject') body = { reason: 'invalid', note: '看不清' };
  if (action === 'return') body = { reason: '不属于本部门' };
  if (action === 'verify_pass') body = { passed: true };
  if (action === 'verify_fail') body = { passed: false, note: '还有垃圾' };
  if (action === 'resolve') {
    // A camera photo taken on the spot just now: the evidence checks pass (docs/domain.md §14).
    const photo = await insertPhoto(t, actor.user.id);
    await t.db
      .getRepository(Photo)
      .update(
        { id: photo.id },
        { captureLat: c.lat, captureLng: c.lng, captureAccuracyM: 10, captureAt: new Date(), captureSource: 'camera' },
      );
    body = { photoIds: [photo.id], note: '已清理' };
  }
  return t
    .http()
    .post(`/api/v1/cases/${c.id}/${path}`)
    .set(actor.auth)
    .send({ ...body, ...extra });
}

import { computeDeadline, parseWorkingHours } from '@sansui/shared';
import { buildConfig } from '../config/app-config';
import { insertCase, seedCaseWorld, type CaseWorld } from '../testing/factories-cases';
import { startTestApp, type TestApp } from '../testing/test-app';

/** WORKING_HOURS: deadlines count only working hours (Beijing time); a bad value stops the boot naming it. */
describe('working-hours calendar', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp({ WORKING_HOURS: '1-5 09:00-18:00', RESOLVE_MAX_DISTANCE_M: '50' });
    w = await seedCaseWorld(t);
  });
  afterAll(() => t.close());

  it('dispatch computes the deadline over working hours only', async () => {
    const c = await insertCase(t, { status: 'accepted', gridId: w.gridAId, slaHours: 24, reporterId: w.resident.user.id });
    const res = await t.http().post(`/api/v1/cases/${c.id}/dispatch`).set(w.dispatcher.auth).send({ departmentId: w.deptA });
    expect(res.status).toBe(200);
    const dispatchedAt = new Date(res.body.dispatchedAt);
    const expected = computeDeadline(dispatchedAt, 24, parseWorkingHours('1-5 09:00-18:00'));
    expect(res.body.deadline).toBe(expected.toISOString());
    // 24 working hours are at least 2 calendar days away whatever the weekday.
    expect(Date.parse(res.body.deadline) - dispatchedAt.getTime()).toBeGreaterThan(48 * 3600_000);
  });

  it('RESOLVE_MAX_DISTANCE_M is configurable (50 m here: 110 m is too far)', async () => {
    const c = await insertCase(t, { status: 'in_progress', departmentId: w.deptA, reporterId: w.resident.user.id });
    const { insertPhoto } = await import('../testing/factories-cases');
    const p = await insertPhoto(t, w.handlerA.user.id);
    const res = await t
      .http()
      .post(`/api/v1/cases/${c.id}/resolve`)
      .set(w.handlerA.auth)
      .send({ photoIds: [p.id], location: { lat: c.lat + 0.001, lng: c.lng } });
    expect([res.status, res.body.code]).toEqual([422, 'RESOLVE_TOO_FAR']);
  });

  it('documents every case endpoint in the OpenAPI description', async () => {
    const doc = await t.http().get('/api/docs-json');
    const paths = Object.keys(doc.body.paths ?? {});
    for (const p of [
      '/api/v1/cases',
      '/api/v1/cases/circular-list',
      '/api/v1/cases/{id}',
      '/api/v1/cases/{id}/resolve',
      '/api/v1/cases/{id}/extension/decide',
    ])
      expect(paths).toContain(p);
  });

  it.each(['mon-fri', '1-5 18:00-09:00'])('refuses WORKING_HOURS=%j at boot, naming the variable', (value) => {
    expect(() => buildConfig({ WORKING_HOURS: value })).toThrow(/WORKING_HOURS/);
  });
});

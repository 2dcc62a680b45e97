import { staffToken } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { AuditService } from './audit.service';

describe('GET /audit (the auditor’s log)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('names the actor of entries recorded without a name, and leaves the stored chain intact', async () => {
    const actor = await staffToken(t, 'audit-named-actor', ['dispatcher']);
    await t.db.query('UPDATE users SET displayName = ? WHERE id = ?', ['调度员 王芳', actor.userId]);
    const audit = t.app.get(AuditService);
    await audit.recordAlone({ actorUserId: actor.userId, action: 'case.accept', targetType: 'case', targetId: 7, data: null });
    await audit.recordAlone({
      actorUserId: actor.userId,
      actorName: '当时的名字',
      action: 'case.dispatch',
      targetType: 'case',
      targetId: 7,
      data: null,
    });
    const auditor = await staffToken(t, 'audit-reader', ['auditor']);
    const res = await t.http().get('/api/v1/audit').set('Authorization', `Bearer ${auditor.token}`).expect(200);
    const byAction = Object.fromEntries(res.body.items.map((e: { action: string; actorName: string | null }) => [e.action, e.actorName]));
    expect(byAction).toMatchObject({ 'case.accept': '调度员 王芳', 'case.dispatch': '当时的名字' });
    expect(await audit.verify()).toMatchObject({ ok: true });
  });
});

import type { ContentCheckState } from '@sansui/shared';
import { CaseEvent } from '../cases/case-event.entity';
import { Case } from '../cases/case.entity';
import { StaffNotice } from '../notifications/staff-notice.entity';
import { insertActor, insertCase, insertPhoto, type Actor } from '../testing/factories-cases';
import { onEveryStatement } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import { MediaCheckVerdict } from '../wechat/content-security/media-check-verdict.entity';
import { ContentSecurityService, type MediaVerdict } from '../wechat/content-security/content-security.service';
import { ReportContentVerdicts } from './report-content-verdicts';
import { Report } from './report.entity';

/** A report (its case behind it) and its photos, pending. */
interface Scene {
  report: Report;
  caseId: number;
  photos: Photo[];
}

/**
 * WeChat's image verdicts pushed together are applied in one transaction (group commit), and each push gets exactly
 * what it would have got alone: the same answer, photo and report states, flags, notices and stored verdicts.
 */
describe('image verdicts pushed together', () => {
  let t: TestApp;
  let content: ContentSecurityService;
  let resident: Actor;
  let seen: string[] | null = null;

  beforeAll(async () => {
    t = await startTestApp();
    content = t.app.get(ContentSecurityService);
    resident = await insertActor(t, ['resident'], null, 'resident');
    await insertActor(t, ['dispatcher']);
    onEveryStatement(t, (sql) => seen?.push(sql));
  });
  afterAll(async () => t?.close());

  /** A pending report with `n` pending photos; photo i carries trace id `${tag}-i` unless i is in `untraced`. */
  async function scene(tag: string, n: number, untraced: number[] = []): Promise<Scene> {
    const c = await insertCase(t, { status: 'submitted', reporterId: resident.user.id });
    const report = await t.db.getRepository(Report).findOneByOrFail({ id: c.primaryReportId });
    await t.db.getRepository(Report).update(report.id, { contentCheck: 'pending' });
    const photos: Photo[] = [];
    for (let i = 0; i < n; i++) {
      const p = await insertPhoto(t, resident.user.id);
      const traceId = untraced.includes(i) ? null : `${tag}-${i}`;
      await t.db
        .getRepository(Photo)
        .update(p.id, { reportId: report.id, caseId: c.id, role: 'evidence', contentCheck: 'pending', contentTraceId: traceId });
      photos.push({ ...p, reportId: report.id, caseId: c.id, contentTraceId: traceId });
    }
    return { report, caseId: c.id, photos };
  }

  /** Reports A (two photos), B (one), C (two, the second's trace id not stored yet) and the pushes of one sitting. */
  async function sitting(tag: string): Promise<{ scenes: Record<'a' | 'b' | 'c', Scene>; pushes: MediaVerdict[] }> {
    const scenes = { a: await scene(`${tag}-a`, 2), b: await scene(`${tag}-b`, 1), c: await scene(`${tag}-c`, 2, [1]) };
    const pushes: MediaVerdict[] = [
      { traceId: `${tag}-a-0`, suggest: 'risky', label: 20002, detail: [{ strategy: 'content_model', suggest: 'risky' }] },
      { traceId: `${tag}-a-1`, suggest: 'pass', label: 100 },
      { traceId: `${tag}-b-0`, suggest: 'pass', label: 100 },
      { traceId: `${tag}-nobody`, suggest: 'review', label: 21000 },
      { traceId: `${tag}-c-1`, suggest: 'review', label: 21000 },
      { traceId: `${tag}-c-0`, suggest: 'pass', label: 100 },
      // WeChat pushes a verdict again: nothing changes, no second flag.
      { traceId: `${tag}-a-0`, suggest: 'risky', label: 20002 },
    ];
    return { scenes, pushes };
  }

  /** Everything a push changes, by the scenes' letters (ids differ between sittings). */
  async function outcome(tag: string, scenes: Record<string, Scene>) {
    const out: Record<string, unknown> = {};
    for (const [name, s] of Object.entries(scenes)) {
      const photos = await t.db.getRepository(Photo).find({ where: { reportId: s.report.id }, order: { id: 'ASC' } });
      const view = await t.http().get(`/api/v1/reports/${s.report.id}`).set(resident.auth);
      expect(view.status).toBe(200);
      out[name] = {
        photos: photos.map((p) => p.contentCheck),
        report: (await t.db.getRepository(Report).findOneByOrFail({ id: s.report.id })).contentCheck,
        flagged: (await t.db.getRepository(Case).findOneByOrFail({ id: s.caseId })).flagged,
        flags: await t.db.getRepository(CaseEvent).count({ where: { caseId: s.caseId, action: 'content_flag' } }),
        notices: (await t.db.getRepository(StaffNotice).find({ where: { caseId: s.caseId, kind: 'moderation' } })).map((n) =>
          n.body.replace(/#\d+/, '#'),
        ),
        residentSees: {
          contentCheck: view.body.contentCheck,
          photos: (view.body.photos as { hidden?: boolean; url: string }[]).map((p) => ({ hidden: !!p.hidden, url: p.url !== '' })),
        },
      };
    }
    const rows = await t.db.getRepository(MediaCheckVerdict).find({ order: { traceId: 'ASC' } });
    out.verdicts = rows
      .filter((v) => v.traceId.startsWith(`${tag}-`))
      .map((v) => ({
        traceId: v.traceId.slice(tag.length),
        suggest: v.suggest,
        label: v.label,
        detail: v.detail,
        applied: !!v.appliedAt && !!v.photoId,
      }));
    return out;
  }

  async function recorded<T>(call: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const statements: string[] = [];
    seen = statements;
    try {
      return { result: await call(), statements };
    } finally {
      seen = null;
    }
  }
  const count = (statements: string[], pattern: RegExp) => statements.filter((s) => pattern.test(s)).length;

  it('gives every push what it gets alone, in one transaction of one statement per table', async () => {
    const alone = await sitting('alone');
    const answersAlone: boolean[] = [];
    for (const p of alone.pushes) answersAlone.push(await content.onMediaVerdict(p));

    const together = await sitting('together');
    // Pushed in one tick: the queue takes them as one batch.
    const { result: answers, statements } = await recorded(() => Promise.all(together.pushes.map((p) => content.onMediaVerdict(p))));

    expect(answers).toEqual([true, true, true, false, false, true, true]);
    expect(answers).toEqual(answersAlone);
    const expected = await outcome('together', together.scenes);
    expect(await outcome('alone', alone.scenes)).toEqual(expected);
    const hiddenRisky = { hidden: true, url: false };
    const shown = { hidden: false, url: true };
    expect(expected).toMatchObject({
      a: { photos: ['risky', 'pass'], report: 'risky', flagged: true, flags: 1, notices: [expect.stringContaining('图片疑似违规')] },
      b: {
        photos: ['pass'],
        report: 'pass',
        flagged: false,
        flags: 0,
        notices: [],
        residentSees: { contentCheck: 'pass', photos: [shown] },
      },
      // C's second photo is still pending (its verdict came before its trace id): the report waits for it.
      c: { photos: ['pass', 'pending'], report: 'pending', flagged: false, notices: [] },
    });
    expect((expected.a as { residentSees: { photos: unknown[] } }).residentSees.photos[0]).toEqual(hiddenRisky);
    expect(expected.verdicts).toEqual([
      { traceId: '-a-0', suggest: 'risky', label: 20002, detail: [{ strategy: 'content_model', suggest: 'risky' }], applied: true },
      { traceId: '-a-1', suggest: 'pass', label: 100, detail: null, applied: true },
      { traceId: '-b-0', suggest: 'pass', label: 100, detail: null, applied: true },
      { traceId: '-c-0', suggest: 'pass', label: 100, detail: null, applied: true },
      { traceId: '-c-1', suggest: 'review', label: 21000, detail: null, applied: false },
      { traceId: '-nobody', suggest: 'review', label: 21000, detail: null, applied: false },
    ]);

    // One statement per table for the seven pushes (one alone is ~8 statements).
    expect(count(statements, /FROM photos WHERE contentTraceId IN \(/)).toBe(1);
    expect(count(statements, /FROM reports WHERE id IN \(/)).toBe(1);
    expect(count(statements, /FROM photos WHERE reportId IN \(/)).toBe(1);
    expect(count(statements, /^UPDATE photos SET contentCheck = CASE id/)).toBe(1);
    expect(count(statements, /^UPDATE reports SET contentCheck = CASE id/)).toBe(1);
    expect(count(statements, /INTO media_check_verdicts/)).toBe(2);
    expect(count(statements, /^COMMIT/i)).toBe(1);

    // C's second photo gets its trace id stored; WeChat's verdict kept before it is applied then (the image check's read).
    await t.db.getRepository(Photo).update(together.scenes.c.photos[1].id, { contentTraceId: 'together-c-1' });
    expect(await content.onMediaVerdict({ traceId: 'together-c-1', suggest: 'review', label: 21000 })).toBe(true);
    expect(await outcome('together', together.scenes)).toMatchObject({
      c: { photos: ['pass', 'review'], report: 'review', notices: [expect.stringContaining('图片需要人工复核')] },
    });
  });

  it('applies pass verdicts of two reports in 8 statements, and a lone push in its one-row texts', async () => {
    const a = await scene('pass-a', 2);
    const b = await scene('pass-b', 1);
    const traces = ['pass-a-0', 'pass-a-1', 'pass-b-0'];
    const { result, statements } = await recorded(() =>
      Promise.all(traces.map((traceId) => content.onMediaVerdict({ traceId, suggest: 'pass', label: 100 }))),
    );
    expect(result).toEqual([true, true, true]);
    // BEGIN, the photos by trace id, the reports and their photos locked, the photos' and the reports' states, the verdict rows, COMMIT.
    expect(statements).toHaveLength(8);
    for (const s of [a, b]) expect((await t.db.getRepository(Report).findOneByOrFail({ id: s.report.id })).contentCheck).toBe('pass');

    const lone = await scene('lone', 1);
    const { statements: alone } = await recorded(() => content.onMediaVerdict({ traceId: 'lone-0', suggest: 'pass', label: 100 }));
    expect(alone).toHaveLength(8);
    expect(count(alone, /FROM photos WHERE contentTraceId = \? LIMIT 1/)).toBe(1);
    expect(count(alone, /FROM reports WHERE id = \?/)).toBe(1);
    expect(count(alone, /^UPDATE photos SET contentCheck = \? WHERE id = \?/)).toBe(1);
    expect((await t.db.getRepository(Report).findOneByOrFail({ id: lone.report.id })).contentCheck).toBe('pass');
  });

  it('falls back to one transaction per push when the batch fails, its writes undone', async () => {
    const s = await scene('fail', 2);
    const verdicts = t.app.get(ReportContentVerdicts);
    const real = verdicts.apply.bind(verdicts);
    const spy = jest.spyOn(verdicts, 'apply').mockImplementationOnce(async (em, vs) => {
      await real(em, vs);
      throw Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK' });
    });
    try {
      const { result, statements } = await recorded(() =>
        Promise.all([
          content.onMediaVerdict({ traceId: 'fail-0', suggest: 'risky', label: 20002 }),
          content.onMediaVerdict({ traceId: 'fail-1', suggest: 'pass', label: 100 }),
          content.onMediaVerdict({ traceId: 'fail-nobody', suggest: 'pass', label: 100 }),
        ]),
      );
      expect(result).toEqual([true, true, false]);
      expect(spy.mock.calls.map(([, vs]) => vs.length)).toEqual([2, 1, 1]);
      // The batch's statement, then one statement per push.
      expect(count(statements, /FROM photos WHERE contentTraceId IN \(/)).toBe(1);
      expect(count(statements, /FROM photos WHERE contentTraceId = \? LIMIT 1/)).toBe(3);
    } finally {
      spy.mockRestore();
    }
    const photos = await t.db.getRepository(Photo).find({ where: { reportId: s.report.id }, order: { id: 'ASC' } });
    expect(photos.map((p) => p.contentCheck)).toEqual<ContentCheckState[]>(['risky', 'pass']);
    expect((await t.db.getRepository(Report).findOneByOrFail({ id: s.report.id })).contentCheck).toBe('risky');
    // The batch's flag was rolled back: one flag event, one notice.
    expect(await t.db.getRepository(CaseEvent).count({ where: { caseId: s.caseId, action: 'content_flag' } })).toBe(1);
    expect(await t.db.getRepository(StaffNotice).count({ where: { caseId: s.caseId, kind: 'moderation' } })).toBe(1);
    expect(await t.db.getRepository(MediaCheckVerdict).findOneBy({ traceId: 'fail-nobody' })).toMatchObject({ appliedAt: null });
  });
});

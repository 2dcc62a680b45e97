import type { PhotoRole } from '@sansui/shared';
import { insertPhoto } from '../testing/factories-cases';
import { insertCase } from '../testing/factories-stats';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Photo } from '../uploads/photo.entity';
import type { Case } from './case.entity';
import { ClosureFiguresRepository } from './closure-figures.repository';
import { ReportFeedback } from './report-feedback.entity';

/** The counts behind the evaluation's digital KPIs and the board's closed total, read from the cases module's tables. */
describe('ClosureFiguresRepository', () => {
  let t: TestApp;
  let figures: ClosureFiguresRepository;
  const from = new Date('2026-10-31T16:00:00Z'); // 2026-11 in China time
  const to = new Date('2026-11-30T16:00:00Z');
  const inMonth = new Date('2026-11-10T02:00:00Z');
  let nextReportId = 700_000;

  beforeAll(async () => {
    t = await startTestApp();
    figures = t.app.get(ClosureFiguresRepository);
  });
  afterAll(() => t?.close());

  const closed = (gridId: number | null, closedAt: Date, deadline: Date | null): Promise<Case> =>
    insertCase(t.db, {
      status: 'closed',
      categoryCode: 'exposed_garbage',
      createdAt: new Date(closedAt.getTime() - 86_400_000),
      gridId,
      closedAt,
      deadline,
    });

  async function photoOn(caseId: number, role: PhotoRole): Promise<void> {
    const photo = await insertPhoto(t, 1);
    await t.db.getRepository(Photo).update({ id: photo.id }, { caseId, role });
  }

  async function feedback(caseId: number, satisfied: boolean, at: Date): Promise<void> {
    const repo = t.db.getRepository(ReportFeedback);
    const row = await repo.save(
      repo.create({ reportId: nextReportId++, caseId, userId: 1, satisfied, comment: null, photoIds: null, reopenStatus: null }),
    );
    await repo.createQueryBuilder().update(ReportFeedback).set({ createdAt: at }).where({ id: row.id }).execute();
  }

  it('counts nothing on an empty database', async () => {
    expect(await figures.closedCount()).toBe(0);
    expect(await figures.perGrid(from, to)).toEqual(new Map());
  });

  it('counts per grid the month’s closures (on time, with resolution evidence) and residents’ verdicts', async () => {
    const late = new Date('2026-11-09T00:00:00Z');
    const due = new Date('2026-11-11T00:00:00Z');
    const a1 = await closed(11, inMonth, due); // on time, 处置后 photo
    await photoOn(a1.id, 'resolution');
    const a2 = await closed(11, inMonth, late); // late, only a 处置前 photo: no evidence
    await photoOn(a2.id, 'before');
    const a3 = await closed(11, inMonth, null); // no deadline: not on time; 清理后 photo counts as evidence
    await photoOn(a3.id, 'after');
    const b1 = await closed(12, inMonth, due);
    await closed(11, new Date('2026-10-31T15:59:59Z'), due); // the last second of October in China time
    await closed(null, inMonth, due); // no grid
    await insertCase(t.db, { status: 'in_progress', categoryCode: 'exposed_garbage', createdAt: inMonth, gridId: 11 });

    await feedback(a1.id, true, inMonth);
    await feedback(a2.id, false, inMonth);
    await feedback(b1.id, true, new Date('2026-11-30T16:00:00Z')); // December in China time: outside
    const october = await closed(13, new Date('2026-10-20T00:00:00Z'), null);
    await feedback(october.id, true, inMonth); // a verdict in the month on a case closed before it

    const grids = await figures.perGrid(from, to);
    expect(Object.fromEntries(grids)).toEqual({
      11: { closed: 3, closedOnTime: 1, closedWithEvidence: 2, feedback: 2, satisfied: 1 },
      12: { closed: 1, closedOnTime: 1, closedWithEvidence: 0, feedback: 0, satisfied: 0 },
      13: { closed: 0, closedOnTime: 0, closedWithEvidence: 0, feedback: 1, satisfied: 1 },
    });
    expect(await figures.closedCount()).toBe(7);
  });
});

import type { CaseEvent } from '../cases/case-event.entity';
import { residentTimeline, type TimelineContext } from './resident-timeline';

const ctx: TimelineContext = { ownCaseId: 1, departmentLabel: '环卫部门', departmentLabelOf: (id) => (id === 7 ? '城管执法部门' : null) };
let nextId = 1;
const ev = (e: Partial<CaseEvent>): CaseEvent =>
  ({
    id: nextId++,
    caseId: 1,
    fromStatus: null,
    toStatus: null,
    actorUserId: 5,
    actorRole: 'dispatcher',
    note: null,
    photoIds: null,
    data: null,
    createdAt: new Date('2026-11-01T08:00:00Z'),
    ...e,
  }) as CaseEvent;

describe('resident timeline', () => {
  it('turns events into friendly sentences with role labels instead of names', () => {
    const events = [
      ev({ action: 'submit', actorRole: 'resident', toStatus: 'submitted' }),
      ev({ action: 'reject', data: { reason: 'incomplete' }, note: '请补充位置' }),
      ev({ action: 'dispatch', data: { departmentId: 7 } }),
      ev({ action: 'claim', actorRole: 'handler' }),
      ev({ action: 'resolve', actorRole: 'handler', note: '已清理', photoIds: [3] }),
      ev({ action: 'verify_fail' }),
    ];
    const out = residentTimeline(events, ctx, (e) =>
      (e.photoIds ?? []).map((id) => ({ id, url: `u${id}`, thumbUrl: '', width: 1, height: 1 })),
    );
    expect(out.map((e) => e.text)).toEqual([
      '您的上报已提交',
      '未予受理：信息不全',
      '已交给城管执法部门处理',
      '环卫部门已接单，正在处理',
      '环卫部门已处理完毕，等待核查',
      '核查发现还没处理好，已要求返工',
    ]);
    expect(out.map((e) => e.actorName)).toEqual(['居民', '爱卫办', '爱卫办', '环卫部门', '环卫部门', '爱卫办']);
    expect(out[1].note).toBe('请补充位置');
    expect(out[4].photos.map((p) => p.id)).toEqual([3]);
  });

  it('tells the reporter how many of their photos a moderator kept hidden, and nothing when the approval hid none', () => {
    const out = residentTimeline(
      [
        ev({ action: 'moderate', note: '内部说明', data: { verdict: 'approve', hiddenPhotoIds: [4, 5], shownPhotoIds: [6] } }),
        ev({ action: 'moderate', data: { verdict: 'approve', hiddenPhotoIds: [], shownPhotoIds: [6] } }),
      ],
      ctx,
      () => [],
    );
    expect(out.map((e) => e.text)).toEqual(['经人工审核，有 2 张照片不适合公开展示，已隐藏，不影响问题处理']);
    expect(out[0].note).toBeNull();
  });

  it('leaves out internal events and the master side of the own merge', () => {
    const out = residentTimeline(
      [
        ev({ action: 'note', note: '内部备注' }),
        ev({ action: 'content_flag', actorRole: 'system' }),
        ev({ action: 'merge', caseId: 2, actorRole: 'system', data: { mergedCaseId: 1 } }),
        ev({ action: 'merge', caseId: 2, actorRole: 'system', data: { mergedCaseId: 9 } }),
        ev({ action: 'submit', caseId: 2, actorRole: 'resident' }),
      ],
      ctx,
      () => [],
    );
    expect(out.map((e) => e.text)).toEqual(['又有居民反映了这个问题']);
    expect(JSON.stringify(out)).not.toContain('内部备注');
  });
});

import type { PhotoDto, CaseStaffDetailDto } from '@sansui/shared';
import { describe, expect, it } from 'vitest';
import { casePhotos, findPhoto, photoMatches } from './Evidence';
import { DIFFERENCE_LABELS } from './LedgerPage';
import { rewardQuery } from './RewardsPage';
import { approveQuestion, progressParts } from './BatchesPage';
import { isFiltered, lineCriteria, selectionSummary, yuanToFen } from './PayoutLines';
import { AUDIT_ACTION_OPTIONS, auditActionLabel, auditTargetLabel } from './auditLabels';

const photo = (id: number): PhotoDto => ({
  id,
  url: `/api/v1/photos/${id}/image?sig=x`,
  thumbUrl: `/api/v1/photos/${id}/thumb?sig=x`,
  width: 10,
  height: 10,
});

describe('reward filters → API query', () => {
  it('turns a period of Beijing days into instants that include the whole last day', () => {
    const q = rewardQuery({ status: 'held', userId: 41, from: '2026-11-01', to: '2026-11-23' });
    expect(q).toEqual({
      status: 'held',
      userId: 41,
      categoryCode: undefined,
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-23T15:59:59.999Z',
    });
  });
  it('sends no period when none is chosen', () => {
    expect(rewardQuery({ categoryCode: 'garbage' })).toEqual({ status: undefined, userId: undefined, categoryCode: 'garbage' });
  });
});

describe('held reward evidence', () => {
  const detail = {
    photos: [photo(1)],
    photosByRole: { evidence: [photo(1)], before: [], after: [photo(5)], resolution: [] },
    timeline: [{ photos: [photo(9)] }],
  } as unknown as CaseStaffDetailDto;

  it('finds a matched photo anywhere in the case detail, with its signed URL', () => {
    expect(findPhoto(detail, 9)?.url).toBe('/api/v1/photos/9/image?sig=x');
    expect(findPhoto(detail, 5)?.id).toBe(5);
    expect(findPhoto(detail, 7)).toBeUndefined();
    expect(findPhoto(undefined, 1)).toBeUndefined();
    expect(casePhotos(detail).map((p) => p.id)).toEqual([1, 1, 5, 9]);
  });
  it('reads REUSED_PHOTO matches and ignores malformed evidence', () => {
    expect(photoMatches({ matches: [{ photoId: 1, matchedPhotoId: 2, matchedCaseId: 3, distance: 0 }, null, 'x'] })).toEqual([
      { photoId: 1, matchedPhotoId: 2, matchedCaseId: 3, distance: 0 },
    ]);
    expect(photoMatches({ count: 3 })).toEqual([]);
    expect(photoMatches(undefined)).toEqual([]);
  });
});

describe('reconciliation differences', () => {
  it('has a Chinese label for every difference the server reports', () => {
    for (const k of [
      'RESERVED_MISMATCH',
      'REWARDS_MISMATCH',
      'PAID_MISMATCH',
      'BILLS_MISMATCH',
      'BILL_WITHOUT_REWARD',
      'BILL_SUCCESS_NOT_PAID',
      'AMOUNT_MISMATCH',
      'PAID_WITHOUT_BILL',
    ]) {
      expect(DIFFERENCE_LABELS[k]).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('payout batch progress', () => {
  it('lists the rewards per state in workflow order, leaving out empty states', () => {
    expect(progressParts({ progress: { paid: 1, approved: 2, failed: 0 } })).toBe('可领取 2 · 已到账 1');
    expect(progressParts({ progress: {} })).toBe('');
  });
});

describe('audit log labels', () => {
  it('names workflow, reward and other actions in Chinese; unknown codes stay as they are', () => {
    expect(auditActionLabel('case.dispatch')).toBe('案卷：派遣');
    expect(auditActionLabel('reward.paid')).toBe('红包：已到账');
    expect(auditActionLabel('reward.release')).toBe('红包：审核放行');
    expect(auditActionLabel('staff.login')).toBe('工作人员登录');
    expect(auditActionLabel('case.extension_decide')).toBe('案卷：审批延期申请');
    expect(auditActionLabel('something.new')).toBe('something.new');
  });
  it('names the target with its id', () => {
    expect(auditTargetLabel('payout_batch', 3)).toBe('发放批次 #3');
    expect(auditTargetLabel('widget', 'x')).toBe('widget #x');
    expect(auditTargetLabel(null, 1)).toBe('—');
  });
  it('offers every action once in the filter', () => {
    const values = AUDIT_ACTION_OPTIONS.map((o) => o.value);
    expect(new Set(values).size).toBe(values.length);
    expect(values).toContain('case.accept');
    expect(values).toContain('payout_batch.approve');
  });
});

describe('payout lines helpers', () => {
  it('states count and total the way the confirmations do', () => {
    expect(selectionSummary({ total: 3, totalFen: 1600 })).toBe('共 3 笔，合计 ¥16.00');
    expect(approveQuestion({ id: 7, totalFen: 8800, rewardIds: [1, 2] })).toBe('审批批次 #7：共 2 笔，合计 ¥88.00？审批后居民即可领取。');
  });
  it('turns yuan into fen and drops paging from what a proposal selects', () => {
    expect([yuanToFen(3), yuanToFen(0.1), yuanToFen(null)]).toEqual([300, 10, undefined]);
    expect(lineCriteria({ page: 3, pageSize: 50, minFen: 300, signal: 'any' })).toEqual({
      departmentId: undefined,
      categoryCode: undefined,
      minFen: 300,
      maxFen: undefined,
      signal: 'any',
      reporter: undefined,
      from: undefined,
      to: undefined,
    });
    expect(lineCriteria({ page: 1, pageSize: 20, from: '2026-12-01', to: '2026-12-05' })).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-05',
    });
    expect(isFiltered({ reporter: '' })).toBe(false);
    expect(isFiltered({ minFen: 0 })).toBe(true);
    expect(isFiltered({ from: '2026-12-01' })).toBe(true);
  });
});

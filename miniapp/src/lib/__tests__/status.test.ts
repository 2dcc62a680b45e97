import { CASE_STATUSES, REWARD_STATUSES } from '@sansui/shared';
import { caseChip, caseStatusText, outboxChip, rewardView } from '../status';

describe('状态标签', () => {
  it('每个案卷状态都有中文短标签', () => {
    for (const s of CASE_STATUSES) {
      expect(caseChip(s).label).toMatch(/[\u4e00-\u9fa5]/);
      expect(caseStatusText(s)).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(caseChip('closed')).toEqual({ label: '已解决', tone: 'success' });
    expect(caseChip('submitted').label).toBe('待受理');
    expect(caseChip('in_progress').label).toBe('处理中');
  });

  it('未知状态不会显示英文', () => {
    expect(caseChip('something_new').label).toBe('处理中');
  });

  it('草稿状态', () => {
    expect(outboxChip('pending').label).toBe('等待网络，自动重试');
    expect(outboxChip('blocked').label).toBe('需要修改');
  });

  it('只有可领取、待确认收款、发放失败的红包显示“领取”', () => {
    const claimable = REWARD_STATUSES.filter((s) => rewardView(s).claimable);
    expect(claimable.sort()).toEqual(['approved', 'failed', 'transferring']);
    for (const s of REWARD_STATUSES) expect(rewardView(s).label).toMatch(/[\u4e00-\u9fa5]/);
    expect(rewardView('paid').label).toBe('已到账');
  });

  it('待确认收款：提示里说的正是按钮上的“确认收款”，不让人去找“领取”', () => {
    const v = rewardView('transferring');
    expect(v.label).toBe('待确认收款');
    expect(v.hint).toContain('“确认收款”');
    expect(v.hint).not.toContain('领取');
  });
});

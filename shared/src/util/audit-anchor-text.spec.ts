import { auditAnchorLine } from './audit-anchor-text';

describe('auditAnchorLine', () => {
  it('prints the anchored head with its time in Beijing', () => {
    const hash = 'ab'.repeat(32);
    expect(auditAnchorLine({ lastId: 812, hash, anchoredAt: '2026-12-05T16:30:00.000Z', signature: 'x' })).toBe(
      `审计链锚点：2026-12-06 00:30（北京时间）审计日志截至第 812 条，哈希 ${hash}`,
    );
  });

  it('says so when there is no anchor yet', () => {
    expect(auditAnchorLine(null)).toBe('审计链锚点：尚未生成');
  });
});

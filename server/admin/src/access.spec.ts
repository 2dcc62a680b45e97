import { STAFF_ROLES, type Role } from '@sansui/shared';
import { describe, expect, it } from 'vitest';
import { approveBlockReason, can, canOpen, homePath, menuFor, type Action } from './access';

const paths = (roles: Role[]) => menuFor(roles).flatMap((g) => g.items.map((i) => i.path));

describe('access matrix', () => {
  const expected: Record<string, Action[]> = {
    dispatcher: [
      'case.triage',
      'case.dispatch',
      'case.verify',
      'case.extension.decide',
      'case.reopen',
      'case.hotline',
      'case.moderate',
      'batch.propose',
      'stats.view',
      'evaluation.view',
      'evaluation.run',
      'evaluation.monitoring',
    ],
    handler: ['case.work'],
    dept_manager: ['case.work', 'case.reassign', 'stats.view'],
    auditor: [
      'reward.decide',
      'batch.propose',
      'batch.approve',
      'ledger.view',
      'audit.verify',
      'export.download',
      'stats.view',
      'evaluation.view',
      'evaluation.monitoring',
    ],
    admin: ['config.edit', 'evaluation.view', 'evaluation.monitoring'],
    inspector: ['case.verify', 'evaluation.monitoring'],
  };
  const all: Action[] = [...new Set(Object.values(expected).flat())];
  for (const role of STAFF_ROLES) {
    it(`${role} may do exactly its actions`, () => {
      const allowed = all.filter((a) => can([role], a));
      expect(allowed.sort()).toEqual([...expected[role]].sort());
    });
  }

  it('navigation shows only what the role may do', () => {
    expect(paths(['handler'])).toEqual(['/dept/queue', '/dept/supervision']);
    expect(paths(['dispatcher'])).toContain('/dispatch/triage');
    expect(paths(['dispatcher'])).not.toContain('/audit/ledger');
    expect(paths(['auditor'])).toContain('/audit/ledger');
    expect(paths(['auditor'])).toEqual(expect.arrayContaining(['/audit/statements', '/audit/fraud-settings']));
    expect(paths(['admin'])).toContain('/config/fraud-settings');
    expect(paths(['dispatcher'])).not.toContain('/audit/fraud-settings');
    expect(paths(['auditor'])).not.toContain('/dispatch/triage');
    expect(paths(['admin']).every((p) => p.startsWith('/config/') || p.startsWith('/evaluation/'))).toBe(true);
    expect(menuFor([])).toEqual([]);
  });

  it('an admin never approves payouts, even holding the auditor role', () => {
    expect(can(['auditor'], 'batch.approve')).toBe(true);
    expect(can(['auditor', 'admin'], 'batch.approve')).toBe(false);
    expect(can(['auditor', 'admin'], 'ledger.view')).toBe(true);
  });

  it('routes are guarded by the same table', () => {
    expect(canOpen(['handler'], '/dept/queue')).toBe(true);
    expect(canOpen(['handler'], '/dept/supervision/3')).toBe(true);
    expect(canOpen(['handler'], '/evaluation/supervision/3')).toBe(false);
    expect(canOpen(['handler'], '/audit/rewards')).toBe(false);
    expect(canOpen(['handler'], '/cases/12')).toBe(true);
    expect(canOpen(['resident'], '/cases/12')).toBe(false);
    expect(canOpen(['admin'], '/nowhere')).toBe(false);
  });

  it('lands each role on its first screen', () => {
    expect(homePath(['dispatcher'])).toBe('/dispatch/triage');
    expect(homePath(['handler'])).toBe('/dept/queue');
    expect(homePath(['auditor'])).toBe('/audit/rewards');
    expect(homePath(['admin'])).toBe('/config/categories');
    expect(homePath(['resident'])).toBe('/no-access');
  });

  it('offers approve only to another auditor on a proposed batch', () => {
    expect(approveBlockReason(['auditor'], 5, { proposedBy: 5, status: 'proposed' })).toBe('不能审批自己提出的批次');
    expect(approveBlockReason(['auditor'], 6, { proposedBy: 5, status: 'proposed' })).toBeNull();
    expect(approveBlockReason(['auditor'], 6, { proposedBy: 5, status: 'approved' })).toBe('该批次已审批');
    expect(approveBlockReason(['dispatcher'], 6, { proposedBy: 5, status: 'proposed' })).toBe('只有审计员可以审批');
  });
});

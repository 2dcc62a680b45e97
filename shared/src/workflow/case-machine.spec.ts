import {
  CASE_ACTION_LABELS,
  CASE_ACTIONS,
  DEPARTMENT_SCOPED_ACTIONS,
  availableActions,
  checkTransition,
  nextStatus,
  roleMayPerform,
  rolesForAction,
} from './case-machine';
import { CASE_STATUSES } from './case-status';

// The allowed moves of docs/domain.md §5, written out independently of the implementation's table.
const ALLOWED: [string, string, 'snap' | 'pickup' | '*', string][] = [
  ['submitted', 'accept', '*', 'accepted'],
  ['submitted', 'reject', '*', 'rejected'],
  ['submitted', 'merge', '*', 'merged'],
  ['accepted', 'dispatch', '*', 'dispatched'],
  ['accepted', 'verify_pass', 'pickup', 'closed'],
  ['dispatched', 'claim', '*', 'in_progress'],
  ['dispatched', 'return', '*', 'accepted'],
  ['in_progress', 'return', '*', 'accepted'],
  ['in_progress', 'resolve', '*', 'resolved'],
  ['resolved', 'verify_pass', '*', 'closed'],
  ['resolved', 'verify_fail', '*', 'in_progress'],
  ['closed', 'reopen', '*', 'dispatched'],
];

describe('case state machine', () => {
  for (const from of CASE_STATUSES) {
    for (const action of CASE_ACTIONS) {
      for (const kind of ['snap', 'pickup'] as const) {
        const row = ALLOWED.find((r) => r[0] === from && r[1] === action && (r[2] === '*' || r[2] === kind));
        const expected = row ? row[3] : null;
        it(`${kind}: ${from} --${action}--> ${expected ?? 'refused'}`, () => {
          expect(nextStatus(from, action, kind)).toBe(expected);
        });
      }
    }
  }

  it('lets only dispatchers triage and dispatch', () => {
    expect(rolesForAction('accept')).toEqual(['dispatcher']);
    expect(rolesForAction('dispatch')).toEqual(['dispatcher']);
    expect(roleMayPerform(['handler'], 'submitted', 'accept', 'snap')).toBe(false);
    expect(roleMayPerform(['admin'], 'submitted', 'accept', 'snap')).toBe(false);
  });

  it('lets inspectors verify resolved cases but not pickups awaiting verification', () => {
    expect(roleMayPerform(['inspector'], 'resolved', 'verify_pass', 'snap')).toBe(true);
    expect(roleMayPerform(['inspector'], 'accepted', 'verify_pass', 'pickup')).toBe(false);
    expect(roleMayPerform(['dispatcher'], 'accepted', 'verify_pass', 'pickup')).toBe(true);
  });

  it('reports a state conflict rather than a role problem when the role could act in another state', () => {
    expect(checkTransition('closed', 'accept', 'snap', ['dispatcher'])).toEqual({ ok: false, code: 'CASE_TRANSITION_NOT_ALLOWED' });
    expect(checkTransition('submitted', 'accept', 'snap', ['handler'])).toEqual({ ok: false, code: 'CASE_ROLE_NOT_ALLOWED' });
    expect(checkTransition('dispatched', 'claim', 'snap', ['dept_manager'])).toEqual({ ok: true, to: 'in_progress' });
  });

  it('lists what a handler can do on a dispatched case', () => {
    expect(availableActions('dispatched', 'snap', ['handler'])).toEqual(['claim', 'return']);
    expect(availableActions('dispatched', 'snap', ['auditor'])).toEqual([]);
  });
});

describe('case state machine: who may act, what staff read', () => {
  // docs/domain.md §5, written out independently of the implementation's table.
  const ROLES: Record<string, string[]> = {
    accept: ['dispatcher'],
    reject: ['dispatcher'],
    merge: ['dispatcher', 'system'],
    dispatch: ['dispatcher'],
    claim: ['handler', 'dept_manager'],
    return: ['handler', 'dept_manager'],
    resolve: ['handler', 'dept_manager'],
    verify_pass: ['dispatcher', 'inspector'],
    verify_fail: ['dispatcher', 'inspector'],
    reopen: ['dispatcher'],
  };

  it('names the roles of each action', () => {
    for (const action of CASE_ACTIONS) expect([...rolesForAction(action)].sort()).toEqual([...ROLES[action]].sort());
  });

  it('lets a holder of several roles act when any one of them may', () => {
    expect(roleMayPerform(['resident', 'dispatcher'], 'submitted', 'accept', 'snap')).toBe(true);
    expect(roleMayPerform(['inspector', 'handler'], 'in_progress', 'resolve', 'snap')).toBe(true);
    expect(checkTransition('in_progress', 'resolve', 'snap', ['inspector', 'handler'])).toEqual({ ok: true, to: 'resolved' });
    // A stale screen: one of the roles could do this from another state, so "state changed", not "forbidden".
    expect(checkTransition('closed', 'resolve', 'snap', ['inspector', 'handler'])).toEqual({
      ok: false,
      code: 'CASE_TRANSITION_NOT_ALLOWED',
    });
    expect(checkTransition('closed', 'resolve', 'snap', ['inspector'])).toEqual({ ok: false, code: 'CASE_ROLE_NOT_ALLOWED' });
  });

  it('labels every action in Chinese', () => {
    expect(CASE_ACTION_LABELS).toEqual({
      accept: '受理',
      reject: '不予受理',
      merge: '合并',
      dispatch: '派遣',
      claim: '接单',
      return: '退单',
      resolve: '处置完毕',
      verify_pass: '核查结案',
      verify_fail: '返工',
      reopen: '重新派遣',
    });
  });

  it('keeps claim, return and resolve to the case’s own department', () => {
    expect([...DEPARTMENT_SCOPED_ACTIONS].sort()).toEqual(['claim', 'resolve', 'return']);
  });
});

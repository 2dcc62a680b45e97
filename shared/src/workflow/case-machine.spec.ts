import { CASE_ACTIONS, availableActions, checkTransition, nextStatus, roleMayPerform, rolesForAction } from './case-machine';
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

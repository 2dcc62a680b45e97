import { clip32, outBillNoFor, parseOutBillNo, rewardStatusForBill } from './bill-rules';

describe('transfer bill rules (docs/domain.md §10)', () => {
  it.each([
    [1, 1, 'SS0000000001A001'],
    [1234567, 2, 'SS0001234567A002'],
  ])('reward %d attempt %d → %s (≤ 32 letters/digits, no time in it)', (id, attempt, no) => {
    expect(outBillNoFor(id, attempt)).toBe(no);
    expect(no).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(parseOutBillNo(no)).toEqual({ rewardId: id, attempt });
  });

  it('rejects foreign bill numbers', () => expect(parseOutBillNo('X123')).toBeNull());

  it.each([
    ['SUCCESS', undefined, 'paid'],
    ['FAIL', 'OVERDUE_CLOSE', 'expired'],
    ['FAIL', 'ACCOUNT_FROZEN', 'failed'],
    ['CANCELLED', undefined, 'failed'],
    ['WAIT_USER_CONFIRM', undefined, null],
    ['ACCEPTED', undefined, null],
    ['TRANSFERING', undefined, null],
  ])('bill %s (%s) → reward %s', (state, reason, status) => expect(rewardStatusForBill(state, reason)).toBe(status));

  it('clips by characters', () => expect([...clip32('红'.repeat(40))].length).toBe(32));
});

describe('transfer bill rules at the edges', () => {
  it('reads only whole bill numbers of ours', () => {
    expect(parseOutBillNo('XSS0000000001A001')).toBeNull();
    expect(parseOutBillNo('SS0000000001A0011')).toBeNull();
  });

  it('leaves 32 characters alone and clips 33', () => {
    const s32 = '红'.repeat(31) + 'x';
    expect(clip32(s32)).toBe(s32);
    expect(clip32(s32 + 'y')).toBe(s32);
    expect(clip32('短')).toBe('短');
  });

  it('an expiry closes with TRANSFER_EXPIRED too', () => {
    expect(rewardStatusForBill('FAIL', 'TRANSFER_EXPIRED')).toBe('expired');
    expect(rewardStatusForBill('FAIL', null)).toBe('failed');
  });
});

import { ledgerReservedFen, ledgerRow, ledgerSums } from './ledger-rules';

describe('ledgerRow', () => {
  it('stores every optional field as null and snapshots the budget not yet reserved', () => {
    expect(ledgerRow({ kind: 'granted', campaignId: 2, amountFen: 250 }, 9_750)).toEqual({
      kind: 'granted',
      campaignId: 2,
      rewardId: null,
      amountFen: 250,
      budgetRemainingFen: 9_750,
      outBillNo: null,
      actorUserId: null,
      note: null,
      dedupeKey: null,
    });
  });

  it('keeps what the movement carries, zero amounts and a budget already overdrawn included', () => {
    const movement = {
      kind: 'paid' as const,
      campaignId: 2,
      rewardId: 7,
      amountFen: 0,
      outBillNo: 'SS0000000007A002',
      actorUserId: 11,
      note: 'notify: TB-9',
      dedupeKey: 'paid:7',
    };
    expect(ledgerRow(movement, -100)).toEqual({ ...movement, budgetRemainingFen: -100 });
  });
});

describe('ledgerSums', () => {
  it('groups totals by campaign and kind, whatever type the driver hands back', () => {
    const sums = ledgerSums([
      { campaignId: '1', kind: 'reserved', total: '1250' },
      { campaignId: 1, kind: 'cancelled', total: 250 },
      { campaignId: 2, kind: 'paid', total: '0' },
    ]);
    expect([...sums.keys()]).toEqual([1, 2]);
    expect(sums.get(1)).toEqual({ reserved: 1250, cancelled: 250 });
    expect(sums.get(2)).toEqual({ paid: 0 });
  });

  it('is empty for no entries, and a total the database reports as null counts 0', () => {
    expect(ledgerSums([]).size).toBe(0);
    expect(ledgerSums([{ campaignId: 3, kind: 'held', total: null }]).get(3)).toEqual({ held: 0 });
  });
});

describe('ledgerReservedFen', () => {
  it('is every reservation minus the cancellations that gave budget back; other movements do not count', () => {
    expect(ledgerReservedFen({ reserved: 1_000, cancelled: 250, granted: 750, held: 250, released: 250, paid: 500, failed: 500 })).toBe(
      750,
    );
  });

  it('treats a kind without entries as 0', () => {
    expect(ledgerReservedFen({})).toBe(0);
    expect(ledgerReservedFen({ reserved: 300 })).toBe(300);
    expect(ledgerReservedFen({ cancelled: 300 })).toBe(-300);
  });
});

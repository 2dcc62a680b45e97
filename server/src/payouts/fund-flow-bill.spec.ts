import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FundFlowBillError, parseFundFlowBill } from './fund-flow-bill';

/**
 * The fund-flow bill parser on a sample laid out as WeChat Pay documents the file (资金账单结构说明: the
 * documented example line, backtick-prefixed values, summary header and line; a merchant-transfer line
 * added in the same layout), and on broken files.
 */
describe('fund-flow bill parser', () => {
  const sample = readFileSync(join(__dirname, 'fixtures', 'fundflow-sample.csv'), 'utf8');

  it('reads every line and the summary, amounts exactly in fen', () => {
    const bill = parseFundFlowBill(sample);
    expect(bill.summary).toEqual({ count: 3, inCount: 1, inFen: 35, outCount: 2, outFen: 22 });
    expect(bill.rows[0]).toEqual({
      bookedAt: '2018-02-01 04:21:23',
      businessNo: '50000305742018020103387128253',
      flowNo: '1900009231201802015884652186',
      businessName: '退款',
      businessType: '退款',
      direction: 'out',
      amountFen: 2,
      balanceFen: 17,
      applicant: 'system',
      remark: '缺货',
      voucherNo: 'REF4200000068201801293084726067',
    });
    expect(bill.rows[2]).toMatchObject({ businessName: '商家转账', direction: 'out', amountFen: 20, voucherNo: 'SS0000000042A001' });
  });

  it('accepts full-width unit brackets in the header and a BOM', () => {
    const text = '\uFEFF' + sample.replace('收支金额(元)', '收支金额（元）').replace('账户结余(元)', '账户结余（元）');
    expect(parseFundFlowBill(text).rows).toHaveLength(3);
  });

  it.each([
    ['a summary that disagrees with the lines', (s: string) => s.replace('`2.0,`0.22', '`2.0,`0.23')],
    ['a missing summary', (s: string) => s.split('\r\n').slice(0, 4).join('\r\n')],
    ['an unknown header', (s: string) => s.replace('业务凭证号', '凭证')],
    ['an amount with three decimals', (s: string) => s.replace('`0.20,`0.32', '`0.201,`0.32')],
    ['an unknown direction', (s: string) => s.replace('`收入,', '`其他,')],
  ])('refuses %s', (_name, breakIt) => {
    expect(() => parseFundFlowBill(breakIt(sample))).toThrow(FundFlowBillError);
  });
});

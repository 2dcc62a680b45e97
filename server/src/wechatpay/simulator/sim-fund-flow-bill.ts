import { chinaWallClock } from '@sansui/shared';
import type { SimTransferBill } from './sim-bill-store';

/** Header rows of WeChat Pay's fund-flow bill (资金账单) file, as documented. */
export const FUND_FLOW_HEADER =
  '记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),账户结余(元),资金变更提交申请人,备注,业务凭证号';
export const FUND_FLOW_SUMMARY_HEADER = '资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额';

/**
 * The simulator's fund-flow bill of one day: one outflow (支出) row per SUCCESS transfer bill, every
 * value prefixed with a backtick as WeChat Pay does, then the summary header and the summary row.
 * Amounts in yuan with two decimals; the balance runs down from `openingBalanceFen`.
 */
export function fundFlowBillCsv(successBills: SimTransferBill[], openingBalanceFen: number): string {
  let balance = openingBalanceFen;
  const lines = [FUND_FLOW_HEADER];
  let out = 0;
  for (const b of successBills) {
    balance -= b.amountFen;
    out += b.amountFen;
    const cells = [
      chinaTime(b.updatedAt),
      b.transferBillNo,
      `${b.mchid}${b.updatedAt.getTime()}${b.transferBillNo.slice(-6)}`,
      '商家转账',
      '商家转账',
      '支出',
      yuan(b.amountFen),
      yuan(balance),
      'system',
      '商家转账到零钱',
      b.outBillNo,
    ];
    lines.push(cells.map((c) => `\`${c}`).join(','));
  }
  lines.push(FUND_FLOW_SUMMARY_HEADER);
  lines.push([successBills.length, 0, '0.00', successBills.length, yuan(out)].map((c) => `\`${c}`).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function yuan(fen: number): string {
  return `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
}

function chinaTime(d: Date): string {
  return chinaWallClock(d).replace('T', ' ');
}

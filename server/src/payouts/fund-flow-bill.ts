/** One line of WeChat Pay's fund-flow bill (资金账单): one money movement of the merchant account. */
export interface FundFlowRow {
  /** 记账时间, China time `yyyy-MM-dd HH:mm:ss`. */
  bookedAt: string;
  /** 微信支付业务单号 (for a merchant transfer: the transfer_bill_no). */
  businessNo: string;
  /** 资金流水单号. */
  flowNo: string;
  businessName: string;
  businessType: string;
  direction: 'in' | 'out';
  amountFen: number;
  balanceFen: number;
  applicant: string;
  remark: string;
  /** 业务凭证号 (for a merchant transfer: the merchant's out_bill_no). */
  voucherNo: string;
}

export interface FundFlowBill {
  rows: FundFlowRow[];
  summary: { count: number; inCount: number; inFen: number; outCount: number; outFen: number };
}

const COLUMNS = [
  '记账时间',
  '微信支付业务单号',
  '资金流水单号',
  '业务名称',
  '业务类型',
  '收支类型',
  '收支金额',
  '账户结余',
  '资金变更提交申请人',
  '备注',
  '业务凭证号',
];
const SUMMARY = ['资金流水总笔数', '收入笔数', '收入金额', '支出笔数', '支出金额'];

export class FundFlowBillError extends Error {}

/**
 * Parses the file behind GET /v3/bill/fundflowbill as WeChat Pay documents it: a header line, one line
 * per movement with every value prefixed by a backtick (so Excel keeps long numbers), then a summary
 * header (资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额) and the summary line. Amounts are yuan with
 * two decimals, read exactly into fen. The summary must agree with the lines, or the file is refused.
 */
export function parseFundFlowBill(text: string): FundFlowBill {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length < 3) throw new FundFlowBillError('账单文件不完整');
  const header = splitCells(lines[0]).map(stripUnit);
  const index = COLUMNS.map((c) => header.indexOf(c));
  if (index.some((i) => i < 0)) throw new FundFlowBillError(`账单表头不符：缺少 ${COLUMNS.filter((_, k) => index[k] < 0).join('、')}`);
  const summaryAt = lines.findIndex((l) => splitCells(l)[0] === SUMMARY[0]);
  if (summaryAt < 1 || summaryAt !== lines.length - 2) throw new FundFlowBillError('账单缺少汇总行');
  const rows = lines.slice(1, summaryAt).map((line, k) => {
    const cells = splitCells(line);
    const at = (name: string) => cells[index[COLUMNS.indexOf(name)]] ?? '';
    const direction = at('收支类型');
    if (direction !== '收入' && direction !== '支出') throw new FundFlowBillError(`第 ${k + 2} 行收支类型不正确：${direction}`);
    return {
      bookedAt: at('记账时间'),
      businessNo: at('微信支付业务单号'),
      flowNo: at('资金流水单号'),
      businessName: at('业务名称'),
      businessType: at('业务类型'),
      direction: direction === '收入' ? ('in' as const) : ('out' as const),
      amountFen: yuanToFen(at('收支金额'), k + 2),
      balanceFen: yuanToFen(at('账户结余'), k + 2),
      applicant: at('资金变更提交申请人'),
      remark: at('备注'),
      voucherNo: at('业务凭证号'),
    };
  });
  const s = splitCells(lines[summaryAt + 1]);
  const summary = {
    count: countOf(s[0]),
    inCount: countOf(s[1]),
    inFen: yuanToFen(s[2], summaryAt + 2),
    outCount: countOf(s[3]),
    outFen: yuanToFen(s[4], summaryAt + 2),
  };
  const outs = rows.filter((r) => r.direction === 'out');
  const ins = rows.filter((r) => r.direction === 'in');
  const sum = (rs: FundFlowRow[]) => rs.reduce((a, r) => a + r.amountFen, 0);
  if (summary.count !== rows.length || summary.outCount !== outs.length || summary.inCount !== ins.length)
    throw new FundFlowBillError(`汇总笔数与明细不符：汇总 ${summary.count} 笔，明细 ${rows.length} 笔`);
  if (summary.outFen !== sum(outs) || summary.inFen !== sum(ins)) throw new FundFlowBillError('汇总金额与明细不符');
  return { rows, summary };
}

function splitCells(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^`/, '').trim());
}

/** 收支金额(元) / 收支金额（元） → 收支金额 */
function stripUnit(h: string): string {
  return h.replace(/[（(]元[)）]$/, '');
}

/** "12.30" → 1230, exactly (no floating point); counts may come as "20.0" in the summary. */
export function yuanToFen(text: string | undefined, line: number): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec((text ?? '').trim());
  if (!m) throw new FundFlowBillError(`第 ${line} 行金额不正确：${text}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

function countOf(text: string | undefined): number {
  const m = /^(\d+)(?:\.0+)?$/.exec((text ?? '').trim());
  if (!m) throw new FundFlowBillError(`汇总笔数不正确：${text}`);
  return Number(m[1]);
}

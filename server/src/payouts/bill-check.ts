import type { CreateTransferBill, TransferBill } from '../wechatpay/transfer-client';

export interface BillMismatch {
  field: 'transfer_amount' | 'mch_id' | 'appid' | 'openid';
  expected: string | number;
  got: string | number;
}

/**
 * What a verified answer or callback says about a bill against what the merchant asked for (the bill's
 * fixed parameters and our merchant id). Fields the message does not carry are not compared (a create
 * answer has no amount; a callback has no appid). WeChat Pay's docs ask merchants to check these.
 */
export function billMismatches(bill: TransferBill, asked: Partial<CreateTransferBill> | null, mchid: string): BillMismatch[] {
  const out: BillMismatch[] = [];
  const check = (field: BillMismatch['field'], got: string | number | undefined, expected: string | number | undefined) => {
    if (got !== undefined && got !== null && expected !== undefined && expected !== null && got !== expected)
      out.push({ field, expected, got });
  };
  check('transfer_amount', bill.transfer_amount, asked?.transfer_amount);
  check('mch_id', bill.mch_id, mchid);
  check('appid', bill.appid, asked?.appid);
  check('openid', bill.openid, asked?.openid);
  return out;
}

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
export function billMismatches(bill: TransferBill, asked: CreateTransferBill, mchid: string): BillMismatch[] {
  const out: BillMismatch[] = [];
  if (bill.transfer_amount !== undefined && bill.transfer_amount !== asked.transfer_amount)
    out.push({ field: 'transfer_amount', expected: asked.transfer_amount, got: bill.transfer_amount });
  if (bill.mch_id !== undefined && bill.mch_id !== mchid) out.push({ field: 'mch_id', expected: mchid, got: bill.mch_id });
  if (bill.appid !== undefined && bill.appid !== asked.appid) out.push({ field: 'appid', expected: asked.appid, got: bill.appid });
  if (bill.openid !== undefined && bill.openid !== asked.openid) out.push({ field: 'openid', expected: asked.openid, got: bill.openid });
  return out;
}

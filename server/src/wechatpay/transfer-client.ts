import type { TransferBillState } from '@sansui/shared';

/** Body of POST /v3/fund-app/mch-transfer/transfer-bills (scene 1000 现金营销). */
export interface CreateTransferBill {
  appid: string;
  out_bill_no: string;
  transfer_scene_id: '1000';
  openid: string;
  transfer_amount: number;
  transfer_remark: string;
  notify_url: string;
  user_recv_perception: '活动奖励' | '现金奖励';
  transfer_scene_report_infos: [{ info_type: '活动名称'; info_content: string }, { info_type: '奖励说明'; info_content: string }];
}

export interface TransferBill {
  out_bill_no: string;
  transfer_bill_no?: string;
  state: TransferBillState;
  package_info?: string;
  fail_reason?: string;
  create_time?: string;
  update_time?: string;
  transfer_amount?: number;
  openid?: string;
  mch_id?: string;
  appid?: string;
}

/**
 * Outcome of a call. `unknown`: timeout, network error, 5xx, SYSTEM_ERROR, a response that failed
 * verification — the bill may or may not exist, so retry with the SAME out_bill_no and parameters.
 * `rejected`: WeChat Pay answered a definite 4xx business error (nothing was created or changed).
 * `not_found`: a query for a bill WeChat Pay does not know.
 */
export type TransferResult =
  | { ok: true; bill: TransferBill }
  | { ok: false; kind: 'unknown' | 'rejected' | 'not_found'; status: number | null; code: string; message: string };

/** A day's fund-flow bill (资金账单) file, hash-checked; or why it could not be had (`rejected`: e.g. no bill for that day). */
export type FundFlowBillResult =
  | { ok: true; csv: string; sha1: string }
  | { ok: false; kind: 'unknown' | 'rejected' | 'not_found'; status?: number | null; code: string; message: string };

/** The WeChat Pay merchant-transfer adapter (docs/domain.md §10). One real client; the simulator speaks the same HTTP. */
export interface TransferClient {
  create(body: CreateTransferBill): Promise<TransferResult>;
  query(outBillNo: string): Promise<TransferResult>;
  cancel(outBillNo: string): Promise<TransferResult>;
  /** The merchant's fund-flow bill of one China day (yyyy-MM-DD). */
  fundFlowBill(billDate: string): Promise<FundFlowBillResult>;
}

export const TRANSFER_CLIENT = Symbol('TRANSFER_CLIENT');

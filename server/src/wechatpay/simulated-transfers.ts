import type { TransferBill, TransferClient } from './transfer-client';

/**
 * The WeChat Pay simulator reached in-process, for the demo data, which is made before the server listens (so
 * the simulator's HTTP routes, and the real client's signatures, are not there yet). The same bill store and
 * state machine as /sim/wechatpay, plus what only a simulator can do: the resident confirming, WeChat Pay closing
 * an unconfirmed bill after 24 h, and bills dated in the past. Provided only in simulator mode.
 */
export interface SimulatedTransfers extends TransferClient {
  /** The resident taps 确认收款 (→ SUCCESS). */
  confirm(outBillNo: string): Promise<TransferBill>;
  /** WeChat Pay closes a bill left unconfirmed for 24 h (→ FAIL, OVERDUE_CLOSE). */
  expire(outBillNo: string): Promise<TransferBill>;
  /** Demo history: the bill was created and last changed at these times. */
  backdate(outBillNo: string, createdAt: Date, updatedAt: Date): void;
}

export const SIMULATED_TRANSFERS = Symbol('SIMULATED_TRANSFERS');

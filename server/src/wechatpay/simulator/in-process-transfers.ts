import type { SimulatedTransfers } from '../simulated-transfers';
import type { FundFlowBillResult, TransferBill, TransferResult } from '../transfer-client';
import { SimError, type SimWechatpayService } from './sim-wechatpay.service';

/** SimulatedTransfers over the simulator service itself: no HTTP and no signatures, same bills and states. */
export class InProcessTransfers implements SimulatedTransfers {
  constructor(private readonly sim: SimWechatpayService) {}

  create(body: Parameters<SimulatedTransfers['create']>[0]): Promise<TransferResult> {
    return this.call(() => this.sim.create(body as unknown as Record<string, unknown>));
  }

  query(outBillNo: string): Promise<TransferResult> {
    return this.call(() => this.sim.query(outBillNo));
  }

  cancel(outBillNo: string): Promise<TransferResult> {
    return this.call(() => this.sim.cancel(outBillNo));
  }

  fundFlowBill(): Promise<FundFlowBillResult> {
    return Promise.resolve({ ok: false, kind: 'rejected', code: 'NOT_SUPPORTED', message: 'in-process transfers have no statements' });
  }

  confirm(outBillNo: string): Promise<TransferBill> {
    return this.sim.confirm(outBillNo);
  }

  expire(outBillNo: string): Promise<TransferBill> {
    return this.sim.expire(outBillNo);
  }

  backdate(outBillNo: string, createdAt: Date, updatedAt: Date): void {
    this.sim.store.setTimes(outBillNo, createdAt, updatedAt);
  }

  private async call(work: () => Promise<TransferBill>): Promise<TransferResult> {
    try {
      return { ok: true, bill: await work() };
    } catch (e) {
      if (!(e instanceof SimError)) throw e;
      const kind = e.status === 404 ? 'not_found' : e.status >= 500 ? 'unknown' : 'rejected';
      return { ok: false, kind, status: e.status, code: e.code, message: e.message };
    }
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { API_PREFIX } from '@sansui/shared';
import type { Request, Response } from 'express';
import { SimError, SimWechatpayService } from './sim-wechatpay.service';

/**
 * DOMAIN §13: `POST /api/v1/sim/wechatpay/transfer-bills/{outBillNo}/confirm` (simulator mode only) acts
 * as the resident tapping 确认收款; the simulator then sends the signed callback. Registered directly on
 * the HTTP adapter because every `sim/wechatpay/*` controller route is excluded from the /api/v1 prefix.
 */
@Injectable()
export class SimConfirmRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly sim: SimWechatpayService,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return;
    adapter.post(`${API_PREFIX}/sim/wechatpay/transfer-bills/:outBillNo/confirm`, (req: Request, res: Response) => {
      void this.handle(req, res);
    });
  }

  private async handle(req: Request, res: Response): Promise<void> {
    if (!this.sim.enabled) return void res.status(404).json({ code: 'SIMULATOR_ONLY', message: '仅模拟模式可用' });
    try {
      const bill = await this.sim.confirm(String(req.params.outBillNo));
      res.status(200).json({ outBillNo: bill.out_bill_no, state: bill.state });
    } catch (e) {
      if (e instanceof SimError) {
        const code = e.code === 'NOT_FOUND' ? 'SIM_BILL_NOT_FOUND' : e.code;
        res.status(e.status).json({ code, message: e.message });
      } else {
        res.status(503).json({ code: 'WECHATPAY_UNAVAILABLE', message: '模拟器暂时不可用' });
      }
    }
  }
}

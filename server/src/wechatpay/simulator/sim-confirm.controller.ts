import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppException } from '../../common/errors/app-exception';
import { SimError, SimWechatpayService } from './sim-wechatpay.service';

/**
 * `POST /api/v1/sim/wechatpay/transfer-bills/{outBillNo}/confirm` (simulator mode only): the logged-in
 * resident taps 确认收款 in the simulated WeChat; the simulator then sends the signed callback. A normal
 * controller under the guards and the error filter (only the simulated WeChat Pay API itself lives
 * outside /api/v1).
 */
@ApiTags('微信支付模拟器')
@Controller('sim/wechatpay/transfer-bills')
export class SimConfirmController {
  constructor(private readonly sim: SimWechatpayService) {}

  @Post(':outBillNo/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: '模拟微信“确认收款”（仅模拟模式）' })
  @ApiOkResponse({ description: '{ outBillNo, state }' })
  async confirm(@Param('outBillNo') outBillNo: string): Promise<{ outBillNo: string; state: string }> {
    try {
      const bill = await this.sim.confirm(outBillNo);
      return { outBillNo: bill.out_bill_no, state: bill.state };
    } catch (e) {
      if (!(e instanceof SimError)) throw new AppException('WECHATPAY_UNAVAILABLE');
      throw new AppException(e.code === 'NOT_FOUND' ? 'SIM_BILL_NOT_FOUND' : 'SIM_BILL_STATE_INVALID');
    }
  }
}

import { Body, CanActivate, Controller, Get, HttpCode, Inject, Injectable, Post, Query, Res } from '@nestjs/common';
import { UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { AppException } from '../../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { tencentSig } from '../tencent/tencent-signature';
import { DEFAULT_POI_PAGE, simulatedReverseResult, type PoiPage } from './simulated-place';
import { TencentMapSimulatorState, type SimulatedFault } from './tencent-map-simulator.state';

/** The simulator exists only with GEOCODER_MODE=simulator; otherwise its routes are 404. */
@Injectable()
class SimulatorOnly implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}
  canActivate(): boolean {
    if (!this.config.geocoder.simulator) throw new AppException('ROUTE_NOT_FOUND');
    return true;
  }
}

// Compiled once, not a call (the simulator's CPU counts against the bench's cores).
const PAGE_SIZE = /(?:^|;)page_size=(\d+)(?:;|$)/;
const PAGE_INDEX = /(?:^|;)page_index=(\d+)(?:;|$)/;

/** Tencent's POI list: only with get_poi=1; `poi_options`' page_size and page_index (1–20 each) choose the page. */
function poiPage(params: Record<string, string>): PoiPage | null {
  if (params.get_poi !== '1') return null;
  const option = (pattern: RegExp, fallback: number) => {
    const n = Number(pattern.exec(params.poi_options ?? '')?.[1]);
    return n >= 1 && n <= 20 ? n : fallback;
  };
  return { size: option(PAGE_SIZE, DEFAULT_POI_PAGE.size), index: option(PAGE_INDEX, DEFAULT_POI_PAGE.index) };
}

const refuse = (status: number, message: string) => ({ status, message, request_id: `sim-${Date.now().toString(36)}` });

/**
 * A local stand-in for apis.map.qq.com under /sim/tencent-map, speaking the WebService protocol of the
 * reverse geocoder: same path and query, `status`/`message` refusals (HTTP 200, as Tencent answers),
 * key and SN signature checked. `_control/` routes are the simulator's own (fault injection for tests).
 */
@ApiExcludeController()
@Public()
@UseGuards(SimulatorOnly)
@Controller('sim/tencent-map')
export class TencentMapSimulatorController {
  constructor(
    private readonly state: TencentMapSimulatorState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('ws/geocoder/v1')
  async reverse(@Query() q: Record<string, unknown>, @Res() res: FastifyReply): Promise<void> {
    this.state.calls++;
    const fault = this.state.nextFault();
    if (fault === 'down') {
      res.status(502).send('Bad Gateway');
      return;
    }
    if (fault === 'slow') await new Promise((r) => setTimeout(r, this.config.geocoder.timeoutMs + 500));
    if (fault === 'hold') await this.state.hold();
    res.send(this.answer(q, fault));
  }

  private answer(q: Record<string, unknown>, fault: SimulatedFault | null): Record<string, unknown> {
    const params = Object.fromEntries(Object.entries(q).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    if (!params.key) return refuse(311, 'key格式错误');
    if (params.key !== this.config.geocoder.key) return refuse(190, '无效的key');
    if (this.config.geocoder.secretKey) {
      const expected = tencentSig('/ws/geocoder/v1/', params, this.config.geocoder.secretKey);
      if (params.sig !== expected) return refuse(111, '签名验证失败');
    }
    if (fault === 'per_second') return refuse(120, '此key每秒请求量已达到上限');
    if (fault === 'daily') return refuse(121, '此key每日调用量已达到上限');
    const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(params.location ?? '');
    if (!m) return refuse(310, '请求参数信息有误');
    const [lat, lng] = [Number(m[1]), Number(m[2])];
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return refuse(310, '请求参数信息有误');
    const result = simulatedReverseResult(lat, lng, poiPage(params));
    // The simulator knows the demo city only; elsewhere it answers as Tencent does where it has no result.
    if (!result) return refuse(347, '查询无结果');
    return { status: 0, message: 'query ok', request_id: `sim-${Date.now().toString(36)}`, result };
  }

  /**
   * Queue faults for the next calls, one per call: 'slow' (past the client's timeout), 'down' (HTTP 502),
   * 'per_second' (120), 'daily' (121), 'hold' (no answer until `_control/release`).
   */
  @Post('_control/faults')
  @HttpCode(200)
  faults(@Body() body: { faults?: SimulatedFault[] }) {
    this.state.queue(body?.faults ?? []);
    return { queued: this.state.pending() };
  }

  @Post('_control/release')
  @HttpCode(200)
  release() {
    return { released: this.state.release() };
  }

  @Get('_control/calls')
  callCount() {
    return { calls: this.state.calls };
  }
}

import { Body, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { isUnknownMember, WecomSimulatorState } from './wecom-simulator.state';

const TOKEN_LIFETIME_S = 7200;
const fail = (errcode: number, errmsg: string) => ({ errcode, errmsg: `${errmsg}, hint: [sim]` });

interface SendBody {
  touser?: unknown;
  msgtype?: unknown;
  agentid?: unknown;
  textcard?: { title?: unknown; description?: unknown; url?: unknown; btntxt?: unknown };
}

/**
 * A local stand-in for qyapi.weixin.qq.com under /sim/wecom, speaking WeCom's protocol for the two calls the
 * client makes: `GET /cgi-bin/gettoken` (corpid + corpsecret checked) and `POST /cgi-bin/message/send`
 * (token checked: 41001 / 40014 / 42001; agentid, textcard fields and byte limits checked; unknown members in
 * `invaliduser`, 81013 when nobody is left). `_control/` routes are the simulator's own, for tests and the demo.
 */
@ApiExcludeController()
@Public()
@Controller('sim/wecom')
export class WecomSimulatorController {
  constructor(
    private readonly state: WecomSimulatorState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('cgi-bin/gettoken')
  gettoken(@Query('corpid') corpid?: string, @Query('corpsecret') corpsecret?: string) {
    if (corpid !== this.config.wecom.corpId) return fail(40013, 'invalid corpid');
    if (corpsecret !== this.config.wecom.corpSecret) return fail(40001, 'invalid credential');
    return { errcode: 0, errmsg: 'ok', access_token: this.state.issueToken(TOKEN_LIFETIME_S), expires_in: TOKEN_LIFETIME_S };
  }

  @Post('cgi-bin/message/send')
  @HttpCode(200)
  send(@Query('access_token') token: string | undefined, @Body() body: SendBody, @Res({ passthrough: true }) res: FastifyReply) {
    const tokenErr = this.state.checkToken(token);
    if (tokenErr === 41001) return fail(41001, 'access_token missing');
    if (tokenErr === 40014) return fail(40014, 'invalid access_token');
    if (tokenErr === 42001) return fail(42001, 'access_token expired');
    const fault = this.state.nextFault();
    if (fault === 502) {
      res.status(502);
      return 'Bad Gateway';
    }
    if (fault !== null) return fail(fault, fault === -1 ? 'system busy' : 'simulated fault');
    if (body.agentid !== this.config.wecom.agentId) return fail(40056, 'invalid agentid');
    if (body.msgtype !== 'textcard') return fail(40008, 'invalid message type');
    const card = body.textcard;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const title = str(card?.title);
    const description = str(card?.description);
    const url = str(card?.url);
    if (!title || !description || !url) return fail(44004, 'empty content');
    if (Buffer.byteLength(title) > 128 || Buffer.byteLength(description) > 512) return fail(45002, 'content size out of limit');
    const to = str(body.touser).split('|').filter(Boolean);
    const invalid = to.filter(isUnknownMember);
    const valid = to.filter((u) => !isUnknownMember(u));
    if (valid.length === 0) return fail(81013, 'user & party & tag all invalid');
    const msgid = this.state.accept({
      agentid: body.agentid,
      touser: valid,
      msgtype: 'textcard',
      textcard: { title, description, url, ...(card?.btntxt ? { btntxt: str(card.btntxt) } : {}) },
      receivedAt: new Date().toISOString(),
    });
    return { errcode: 0, errmsg: 'ok', invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', unlicenseduser: '', msgid };
  }

  /** Messages received, optionally for one member. */
  @Get('_control/messages')
  messages(@Query('touser') touser?: string) {
    return { items: this.state.messages.filter((m) => !touser || m.touser.includes(touser)), tokenRequests: this.state.tokenRequests };
  }

  /** Every issued token is expired from now on (the next send answers 42001). */
  @Post('_control/expire-tokens')
  @HttpCode(200)
  expire() {
    this.state.expireTokens();
    return { ok: true };
  }

  /** The next message/send calls fail with these errcodes (502: HTTP outage). */
  @Post('_control/faults')
  @HttpCode(200)
  faults(@Body() body: { errcodes?: number[] }) {
    this.state.queueFaults((body.errcodes ?? []).filter((c) => Number.isInteger(c)));
    return { ok: true };
  }

  @Post('_control/reset')
  @HttpCode(200)
  reset() {
    this.state.reset();
    return { ok: true };
  }
}

import { Body, CanActivate, Controller, Get, HttpCode, Inject, Injectable, Post, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import { AppException } from '../../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { parseSimCode, simOpenid, simTextVerdict, simUnionid } from './simulator-rules';
import { WechatSimulatorState } from './wechat-simulator.state';

type Json = Record<string, unknown>;

/** The simulator exists only in WECHAT_MODE=simulator; in real mode its routes are 404. */
@Injectable()
class SimulatorOnly implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}
  canActivate(): boolean {
    if (this.config.wechat.mode !== 'simulator') throw new AppException('ROUTE_NOT_FOUND');
    return true;
  }
}

const err = (errcode: number, errmsg: string) => ({ errcode, errmsg });
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

/** Field-length rules of subscription message data (by keyword type), as WeChat enforces them. */
const FIELD_RULES: [RegExp, number][] = [
  [/^thing\d+$/, 20],
  [/^phrase\d+$/, 5],
  [/^character_string\d+$/, 32],
  [/^name\d+$/, 10],
  [/^amount\d+$/, 32],
  [/^time\d+$/, 40],
  [/^date\d+$/, 40],
  [/^number\d+$/, 32],
  [/^short_thing\d+$/, 5],
];

/**
 * A local stand-in for api.weixin.qq.com under /sim/wechat, speaking the same protocol: same paths,
 * query parameters, JSON fields and errcodes (HTTP 200 with errcode, as WeChat answers). The real
 * clients talk to it over HTTP. Routes under `_control/` are the simulator's own (what a user would
 * do inside WeChat, and inspection for tests). Rules: see simulator-rules.ts.
 */
@ApiExcludeController()
@Public()
@UseGuards(SimulatorOnly)
@Controller('sim/wechat')
export class WechatSimulatorController {
  constructor(
    private readonly state: WechatSimulatorState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('sns/jscode2session')
  jscode2session(@Query() q: Json) {
    if (this.state.outage) return err(-1, 'system error');
    if (q.appid !== this.config.wechat.appId) return err(40013, 'invalid appid');
    if (q.secret !== this.config.wechat.secret) return err(40125, 'invalid appsecret');
    if (q.grant_type !== 'authorization_code') return err(40002, 'invalid grant_type');
    const code = typeof q.js_code === 'string' ? q.js_code : '';
    const parsed = parseSimCode(code);
    if (!parsed) return err(40029, 'invalid code');
    if (parsed.singleUse && !this.state.useCode(code)) return err(40163, 'code been used');
    const openid = simOpenid(this.config.wechat.appId, parsed.name);
    return { openid, session_key: this.state.sessionKeyFor(openid), unionid: simUnionid(this.config.wechat.appId, parsed.name) };
  }

  @Post('cgi-bin/stable_token')
  @HttpCode(200)
  stableToken(@Body() raw: unknown) {
    const b = obj(raw);
    if (this.state.outage) return err(-1, 'system error');
    if (b.grant_type !== 'client_credential') return err(40002, 'invalid grant_type');
    if (b.appid !== this.config.wechat.appId) return err(40013, 'invalid appid');
    if (b.secret !== this.config.wechat.secret) return err(40125, 'invalid appsecret');
    return this.state.issueToken(b.force_refresh === true);
  }

  @Post('wxa/msg_sec_check')
  @HttpCode(200)
  msgSecCheck(@Query('access_token') token: unknown, @Body() raw: unknown) {
    const b = obj(raw);
    const bad = this.precheck(token);
    if (bad) return bad;
    if (b.version !== 2 && b.version !== '2') return err(47001, 'data format error: version must be 2');
    if (typeof b.content !== 'string' || typeof b.openid !== 'string' || !b.openid || typeof b.scene !== 'number')
      return err(47001, 'data format error');
    const v = simTextVerdict(b.content);
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: v.suggest, label: v.label },
      detail: [
        { strategy: 'content_model', errcode: 0, suggest: v.suggest, label: v.label, prob: v.suggest === 'pass' ? 0 : 90 },
        ...(v.keyword ? [{ strategy: 'keyword', errcode: 0, suggest: v.suggest, label: v.label, level: 20, keyword: v.keyword }] : []),
      ],
      trace_id: `sim-${Date.now().toString(36)}`,
    };
  }

  @Post('wxa/media_check_async')
  @HttpCode(200)
  mediaCheckAsync(@Query('access_token') token: unknown, @Body() raw: unknown) {
    const b = obj(raw);
    const bad = this.precheck(token);
    if (bad) return bad;
    if (b.version !== 2 && b.version !== '2') return err(47001, 'data format error: version must be 2');
    if (
      typeof b.media_url !== 'string' ||
      !/^https?:\/\//.test(b.media_url) ||
      (b.media_type !== 1 && b.media_type !== 2) ||
      typeof b.openid !== 'string' ||
      !b.openid
    )
      return err(47001, 'data format error');
    return { errcode: 0, errmsg: 'ok', trace_id: this.state.scheduleMediaCheck(b.media_url, b.openid) };
  }

  @Post('cgi-bin/message/subscribe/send')
  @HttpCode(200)
  subscribeSend(@Query('access_token') token: unknown, @Body() raw: unknown) {
    const b = obj(raw);
    const bad = this.precheck(token);
    if (bad) return bad;
    if (typeof b.touser !== 'string' || !/^o[A-Za-z0-9_-]{20,40}$/.test(b.touser)) return err(40003, 'invalid openid');
    if (typeof b.template_id !== 'string' || !b.template_id) return err(40037, 'invalid template_id');
    const data = obj(b.data);
    const fields = Object.entries(data);
    if (fields.length === 0) return err(47003, 'argument invalid! data is empty');
    for (const [key, v] of fields) {
      const value = obj(v).value;
      if (typeof value !== 'string' || value === '') return err(47003, `argument invalid! data.${key}.value empty`);
      const rule = FIELD_RULES.find(([re]) => re.test(key));
      if (!rule) return err(47003, `argument invalid! data.${key} unknown keyword`);
      if ([...value].length > rule[1]) return err(47003, `argument invalid! data.${key}.value too long`);
      if (key.startsWith('phrase') && !/^[\u4e00-\u9fa5]+$/.test(value))
        return err(47003, `argument invalid! data.${key}.value must be Chinese`);
    }
    if (!this.state.consumeGrant(b.touser, b.template_id)) return err(43101, 'user refuse to accept the msg');
    if (this.state.messages.length >= 10_000) this.state.messages.splice(0, 1_000);
    this.state.messages.push({
      touser: b.touser,
      templateId: b.template_id,
      page: typeof b.page === 'string' ? b.page : null,
      data: data as Record<string, { value: string }>,
      miniprogramState: typeof b.miniprogram_state === 'string' ? b.miniprogram_state : null,
      at: new Date().toISOString(),
    });
    return { errcode: 0, errmsg: 'ok', msgid: this.state.messages.length };
  }

  @Post('wxa/business/getuserphonenumber')
  @HttpCode(200)
  phoneNumber(@Query('access_token') token: unknown, @Body() raw: unknown) {
    const bad = this.precheck(token);
    if (bad) return bad;
    const m = /^sim-phone:(1\d{10})$/.exec(String(obj(raw).code ?? ''));
    if (!m) return err(40029, 'invalid code');
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: m[1],
        purePhoneNumber: m[1],
        countryCode: '86',
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.config.wechat.appId },
      },
    };
  }

  // --- the simulator's own controls ---

  /** The resident tapped "允许" in wx.requestSubscribeMessage: one one-time grant per template. Accepts openid or the sim login name. */
  @Post('_control/subscribe')
  @HttpCode(200)
  grant(@Body() raw: unknown) {
    const b = obj(raw);
    const openid =
      typeof b.openid === 'string' && b.openid
        ? b.openid
        : typeof b.name === 'string' && b.name
          ? simOpenid(this.config.wechat.appId, b.name)
          : null;
    const ids = Array.isArray(b.templateIds)
      ? b.templateIds.filter((x): x is string => typeof x === 'string' && x.length > 0).slice(0, 3)
      : [];
    if (!openid || ids.length === 0) return { errMsg: 'requestSubscribeMessage:fail invalid params' };
    this.state.grant(openid, ids);
    return { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(ids.map((id) => [id, 'accept'])) };
  }

  @Get('_control/messages')
  messages(@Query('openid') openid: unknown) {
    const items = this.state.messages.filter((m) => typeof openid !== 'string' || !openid || m.touser === openid);
    return { items, total: items.length };
  }

  @Get('_control/grants')
  grants(@Query('openid') openid: unknown) {
    return typeof openid === 'string' ? this.state.grantsOf(openid) : {};
  }

  @Get('_control/stats')
  stats() {
    return { tokenRequests: this.state.tokenRequests, messagesSent: this.state.messages.length, outage: this.state.outage };
  }

  /** Makes the current access token expired, so the next call answers 42001. */
  @Post('_control/expire-token')
  @HttpCode(200)
  expireToken() {
    if (this.state.token) this.state.token.expiresAt = Date.now() - 1;
    return { ok: true };
  }

  /** While on, every WeChat endpoint answers errcode -1 (system busy). */
  @Post('_control/outage')
  @HttpCode(200)
  setOutage(@Body() raw: unknown) {
    this.state.outage = obj(raw).on === true;
    return { outage: this.state.outage };
  }

  private precheck(token: unknown) {
    if (this.state.outage) return err(-1, 'system error');
    const code = this.state.tokenError(token);
    if (code === 41001) return err(41001, 'access_token missing');
    if (code === 40001) return err(40001, 'invalid credential, access_token is invalid or not latest');
    if (code === 42001) return err(42001, 'access_token expired');
    return null;
  }
}

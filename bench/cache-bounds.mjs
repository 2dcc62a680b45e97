// Worst-case memory of each bounded in-process cache of the BUILT server: fills it to its bound with entries
// shaped like production's (real signed tokens, real photo-URL signatures, realistic user states) and measures the
// heap after a full GC before and after. The figures are in docs/reliability.md ("In-process caches and their bounds").
//   pnpm -C shared build && pnpm -C server build && node --expose-gc bench/cache-bounds.mjs
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'server', 'dist');
const require = createRequire(join(root, 'server', 'package.json'));
if (typeof global.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const heap = () => {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed;
};
const bus = { on: () => undefined, publish: () => undefined };
const rows = [];
const kept = []; // every filled cache stays alive to the end, so each measure starts from the same floor
async function measure(name, bound, fill) {
  const before = heap();
  kept.push(await fill());
  const after = heap();
  rows.push({ name, bound, bytes: after - before, perEntry: Math.round((after - before) / bound) });
}

const { JwtService } = require('@nestjs/jwt');
const { ThrottlerStorageService } = require('@nestjs/throttler');
const { TokenService } = require(join(dist, 'common/auth/token.service.js'));
const { UserStatusCache } = require(join(dist, 'common/auth/user-status.cache.js'));
const { StaffBindingStatusCache } = require(join(dist, 'common/auth/staff-binding-status.cache.js'));
const { PhotoUrlSigner } = require(join(dist, 'uploads/photo-url-signer.js'));
const { WecomSimulatorState, SIM_WECOM_MAX_MESSAGES } = require(join(dist, 'wecom/simulator/wecom-simulator.state.js'));
const { WechatSimulatorState, SIM_WECHAT_MAX_OPENIDS } = require(join(dist, 'wechat/simulator/wechat-simulator.state.js'));

// Tokens are signed before the measure; each is verified as a fresh copy, as a request's header brings it: the cache
// keeps that text and the claims.
const config = { jwt: { secret: 'cache-bounds-secret-0123456789-abcdef', ttlSeconds: 7 * 24 * 3600 } };
const tokens = new TokenService(new JwtService({}), config);
const texts = [];
for (let id = 1; id <= 19_999; id++)
  texts.push(
    tokens.issue({ id: 1_000_000 + id, kind: id % 10 ? 'resident' : 'staff', roles: id % 10 ? [] : ['dispatcher'], departmentId: null }, 3),
  );
const tokenSample = texts[0].length;
await measure('TokenService.verified (20,000 tokens)', 20_000, () => {
  for (const t of texts) tokens.verify(Buffer.from(t).toString()); // `texts` stays alive: not counted
  return tokens;
});

const state = { status: 'active', roles: ['dispatcher'], departmentId: 12, credentialVersion: 3 };
await measure('UserStatusCache (50,000 users)', 50_000, async () => {
  const c = new UserStatusCache(bus);
  c.loadWith(async () => ({ ...state, roles: [...state.roles] }));
  for (let id = 1; id < 50_000; id++) await c.current(1_000_000 + id);
  return c;
});
await measure('StaffBindingStatusCache (50,000 bindings)', 50_000, async () => {
  const c = new StaffBindingStatusCache();
  c.loadWith(async () => true);
  for (let id = 1; id < 50_000; id++) await c.isActive(1_000_000 + id);
  return c;
});
await measure('PhotoUrlSigner (50,000 signatures)', 50_000, () => {
  const s = new PhotoUrlSigner('cache-bounds-secret');
  for (let id = 1; id < 25_000; id++) {
    s.query(10_000_000 + id, 'image', id % 2 === 0);
    s.query(10_000_000 + id, 'thumb', id % 2 === 0);
  }
  return s;
});
await measure('ThrottlerStorageService (10,000 clients × 60 hits, no REDIS_URL)', 10_000, async () => {
  const s = new ThrottlerStorageService();
  // A window of an hour so that its sweep (every minute) keeps them all during the measure; the timer is unref()ed. The guard's key: a sha256 hex of the route, throttler name and client address.
  for (let i = 0; i < 10_000; i++)
    for (let h = 0; h < 60; h++) await s.increment(`${i.toString(16).padStart(64, '0')}`, 3_600_000, 60, 0, 'sensitive');
  if (s.storage.size !== 10_000) throw new Error(`throttler kept ${s.storage.size}`);
  return s;
});
await measure(`WecomSimulatorState.messages (${SIM_WECOM_MAX_MESSAGES})`, SIM_WECOM_MAX_MESSAGES, () => {
  const w = new WecomSimulatorState();
  for (let i = 0; i < SIM_WECOM_MAX_MESSAGES; i++)
    w.accept({
      agentid: 1000002,
      touser: [`handler-${i % 40}`],
      msgtype: 'textcard',
      textcard: {
        title: `新案件待处理：道路不洁 #${100000 + i}`,
        description: `<div class="gray">2026-12-06 10:${String(i % 60).padStart(2, '0')}</div><div>延安路与人民路口东北角 垃圾堆积 请于 24 小时内处置</div>`,
        url: `https://example.gov.cn/staff/cases/${100000 + i}`,
        btntxt: '查看',
      },
      receivedAt: new Date().toISOString(),
    });
  return w;
});
await measure(`WechatSimulatorState (${SIM_WECHAT_MAX_OPENIDS} openids: session key + grants + used code)`, SIM_WECHAT_MAX_OPENIDS, () => {
  const w = new WechatSimulatorState({});
  for (let i = 0; i < SIM_WECHAT_MAX_OPENIDS - 1; i++) {
    const openid = `o${String(i).padStart(27, 'x')}`;
    w.sessionKeyFor(openid);
    w.grant(openid, ['tpl-case-status']);
    w.useCode(`sim:code-${i}-${'x'.repeat(16)}`);
  }
  return w;
});

console.log(`token text ${tokenSample} characters`);
console.log('| cache | bound (entries) | heap at the bound | per entry |');
console.log('| --- | --- | --- | --- |');
for (const r of rows)
  console.log(`| ${r.name} | ${r.bound.toLocaleString('en')} | ${(r.bytes / 1048576).toFixed(1)} MB | ${r.perEntry} B |`);

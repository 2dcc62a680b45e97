import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { StaffBindingStatusCache } from '../common/auth/staff-binding-status.cache';
import { TokenService } from '../common/auth/token.service';
import { UserStatusCache } from '../common/auth/user-status.cache';
import { PageQueryDto } from '../common/dto/page-query.dto';
import { RateLimitStorage } from '../common/http/rate-limit-storage';
import { QUERY_MEMO_MAX, createValidationPipe } from '../common/errors/validation.pipe';
import type { InvalidationBus } from '../common/redis/invalidation-bus';
import type { AppConfig } from '../config/app-config';
import { CROWDED_SPOTS_MAX, CrowdedSpots } from '../triage/crowded-spots';
import { PhotoUrlSigner } from '../uploads/photo-url-signer';
import type { PhotoStorage } from '../uploads/storage/photo-storage';
import {
  RECENT_PHOTO_BYTES_MAX,
  RECENT_PHOTO_ENTRIES_MAX,
  RECENT_PHOTO_ONE_MAX,
  RecentPhotoBytes,
} from '../uploads/storage/recent-photo-bytes';
import { SIM_WECHAT_MAX_OPENIDS, WechatSimulatorState } from '../wechat/simulator/wechat-simulator.state';
import { SIM_WECOM_MAX_MESSAGES, WecomSimulatorState } from '../wecom/simulator/wecom-simulator.state';

/**
 * Every in-process map that grows with traffic has a hard bound (docs/reliability.md, "In-process caches and
 * their bounds"): each is filled here past its bound and must stay within it. A soak's heap that levels off is
 * only a plateau if these hold.
 */
const sizeOf = (owner: object, field: string): number => (owner as Record<string, Map<unknown, unknown> | Set<unknown>>)[field].size;
const bus = { on: () => undefined, publish: () => undefined } as unknown as InvalidationBus;

describe('in-process caches stay within their bounds', () => {
  it('TokenService keeps at most 20,000 verified tokens', () => {
    const secret = 'bounds-test-secret-0123456789-abcdef';
    const tokens = new TokenService(new JwtService({}), { jwt: { secret, ttlSeconds: 3600 } } as AppConfig);
    expect(tokens.verify(tokens.issue({ id: 1, kind: 'resident', roles: [], departmentId: null })).user.id).toBe(1);
    // 20,500 distinct valid tokens, signed here with node's HMAC (HS256 as TokenService issues them): jsonwebtoken's
    // sign costs four times as much, and the memo's bound is what is under test. Every one still goes through verify.
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = part({ alg: 'HS256', typ: 'JWT' });
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const wrong: number[] = [];
    let largest = 0;
    for (let id = 2; id <= 20_500; id++) {
      const body = `${head}.${part({ sub: id, kind: 'resident', roles: [], dept: null, cv: 0, exp })}`;
      if (tokens.verify(`${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`).user.id !== id) wrong.push(id);
      largest = Math.max(largest, sizeOf(tokens, 'verified'));
    }
    expect(wrong).toEqual([]);
    // Filled up to the bound (the memo does keep them) and never past it.
    expect(largest).toBe(20_000);
  });

  it('UserStatusCache and StaffBindingStatusCache keep at most 50,000 entries', async () => {
    const users = new UserStatusCache(bus);
    users.loadWith(async () => ({ status: 'active', roles: [], departmentId: null, credentialVersion: 0 }));
    const bindings = new StaffBindingStatusCache();
    bindings.loadWith(async () => true);
    for (let id = 1; id <= 50_500; id++) {
      await users.current(id);
      await bindings.isActive(id);
    }
    expect(sizeOf(users, 'cache')).toBeLessThanOrEqual(50_000);
    expect(sizeOf(bindings, 'cache')).toBeLessThanOrEqual(50_000);
    expect((await users.current(50_500)).status).toBe('active');
  });

  it('PhotoUrlSigner keeps at most 50,000 signatures and starts over every hour', () => {
    let now = Date.UTC(2026, 11, 6, 2, 10);
    const signer = new PhotoUrlSigner('bounds-test-secret', () => now);
    for (let id = 1; id <= 26_000; id++) {
      signer.query(id, 'image', false);
      signer.query(id, 'thumb', true);
    }
    expect(sizeOf(signer, 'signed')).toBeLessThanOrEqual(50_000);
    now += 3600_000;
    signer.query(1, 'image', false);
    expect(sizeOf(signer, 'signed')).toBe(1);
  });

  it('the just-written photos kept for the image check stay within 32 MB and 4,096 photos, the newest', async () => {
    const stored = new Map<string, Buffer>();
    const disk: PhotoStorage = {
      put: async (key, data) => void stored.set(key, data),
      get: async (key) => stored.get(key) ?? null,
      delete: async (key) => void stored.delete(key),
    };
    const recent = new RecentPhotoBytes(disk);
    let largest = 0;
    // 300 kB photos: the byte bound holds first.
    for (let i = 0; i < 200; i++) {
      await recent.put(`big-${i}.jpg`, Buffer.alloc(300_000, i), 'image/jpeg', true);
      largest = Math.max(largest, recent.keptBytes);
    }
    expect(largest).toBeLessThanOrEqual(RECENT_PHOTO_BYTES_MAX);
    expect(largest).toBeGreaterThan(RECENT_PHOTO_BYTES_MAX - 300_000);
    // 3 kB photos (the bench's): the count bound holds first.
    for (let i = 0; i < RECENT_PHOTO_ENTRIES_MAX + 500; i++) await recent.put(`small-${i}.jpg`, Buffer.alloc(3_000, 1), 'image/jpeg', true);
    expect(sizeOf(recent, 'kept')).toBe(RECENT_PHOTO_ENTRIES_MAX);
    expect(recent.keptBytes).toBe(RECENT_PHOTO_ENTRIES_MAX * 3_000);
    // A photo over 4 MB is written but not kept.
    await recent.put('huge.jpg', Buffer.alloc(RECENT_PHOTO_ONE_MAX + 1), 'image/jpeg', true);
    expect(sizeOf(recent, 'kept')).toBe(RECENT_PHOTO_ENTRIES_MAX);
    expect(stored.has('huge.jpg')).toBe(true);
  });

  it('the validation pipe keeps at most 5,000 validated queries', async () => {
    const pipe = createValidationPipe();
    for (let page = 1; page <= QUERY_MEMO_MAX + 500; page++) {
      const dto = (await pipe.transform({ page: String(page) }, { type: 'query', metatype: PageQueryDto })) as PageQueryDto;
      expect(dto.page).toBe(page);
      expect(pipe.memoSize).toBeLessThanOrEqual(QUERY_MEMO_MAX);
    }
  });

  it('the in-memory rate-limit store (no REDIS_URL) forgets a client once its window is over', async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 6, 2, 0) });
    const store = new RateLimitStorage();
    try {
      for (let i = 0; i < 10_000; i++) await store.increment(`client-${i}`, 60_000, 60, 60_000, 'sensitive');
      expect(store.size).toBe(10_000);
      // Its sweep runs every minute and drops the records whose window has ended.
      jest.advanceTimersByTime(121_000);
      expect(store.size).toBe(0);
    } finally {
      store.onApplicationShutdown();
      jest.useRealTimers();
    }
  });

  it('the duplicate finder remembers at most 4,096 crowded spots, the newest', () => {
    const spots = new CrowdedSpots();
    // One spot every ~50 m northwards: each a geohash-8 cell of its own.
    const at = (i: number) => ({ lat: 30 + i * 0.0005, lng: 120 });
    for (let i = 0; i < CROWDED_SPOTS_MAX + 500; i++) spots.remember('exposed_garbage', at(i), 1, 50);
    expect(sizeOf(spots, 'boxes')).toBe(CROWDED_SPOTS_MAX);
    expect(spots.boxAt('exposed_garbage', at(CROWDED_SPOTS_MAX + 499))).toBe(2);
    expect(spots.boxAt('exposed_garbage', at(0))).toBeUndefined();
  });

  it('the WeCom simulator keeps the newest 10,000 messages with distinct ids', () => {
    const wecom = new WecomSimulatorState();
    let last = '';
    for (let i = 0; i < 12_345; i++)
      last = wecom.accept({
        agentid: 1,
        touser: ['u'],
        msgtype: 'textcard',
        textcard: { title: 't', description: 'd', url: 'u' },
        receivedAt: '',
      });
    expect(wecom.messages.length).toBeLessThanOrEqual(SIM_WECOM_MAX_MESSAGES);
    expect(last).toBe('sim-msg-12345');
    expect(new Set(wecom.messages.map((m) => m.msgid)).size).toBe(wecom.messages.length);
  });

  it('the WeChat simulator keeps at most 100,000 session keys, grant holders and used codes', () => {
    const wechat = new WechatSimulatorState({} as AppConfig);
    for (let i = 0; i <= SIM_WECHAT_MAX_OPENIDS + 10; i++) {
      wechat.sessionKeyFor(`openid-${i}`);
      wechat.grant(`openid-${i}`, ['tpl']);
      wechat.useCode(`code-${i}`);
    }
    expect(wechat.sessionKeys.size).toBeLessThanOrEqual(SIM_WECHAT_MAX_OPENIDS);
    expect(sizeOf(wechat, 'grants')).toBeLessThanOrEqual(SIM_WECHAT_MAX_OPENIDS);
    expect(wechat.usedCodes.size).toBeLessThanOrEqual(100_000);
    expect(wechat.consumeGrant(`openid-${SIM_WECHAT_MAX_OPENIDS + 10}`, 'tpl')).toBe(true);
  });
});

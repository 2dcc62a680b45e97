import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { EventLoopLag, installLoadShedding, isExemptFromShedding, LoadShedder, type PressureSignal } from './load-shedding';

function signal(name: string, limitMs: number, value: { ms: number }): PressureSignal {
  return { name, limitMs, currentMs: () => value.ms, renew: () => (value.ms = 0) };
}

/** Runs the middleware on a fake request and response; `passed` says whether the handler would have run. */
function send(shedder: LoadShedder, path: string) {
  const res = {
    statusCode: 200,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    setHeader(k: string, v: string) {
      this.headers[k.toLowerCase()] = v;
    },
    end(text: string) {
      this.body = JSON.parse(text);
    },
  };
  let passed = false;
  shedder.middleware({ url: `${path}?x=1` } as IncomingMessage, res as unknown as ServerResponse, () => (passed = true));
  return { res, passed };
}

describe('LoadShedder', () => {
  const loop = { ms: 0 };
  const db = { ms: 0 };
  const shedder = new LoadShedder([signal('event-loop delay', 1000, loop), signal('database pool wait', 500, db)], 2);

  beforeEach(() => shedder.renew());

  it('passes requests on while every signal is within its limit', () => {
    loop.ms = 1000;
    db.ms = 500;
    expect(send(shedder, '/api/v1/reports').passed).toBe(true);
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After and a Chinese message, without calling the handler, when a signal is over', () => {
    loop.ms = 1001;
    const { res, passed } = send(shedder, '/api/v1/reports');
    expect(passed).toBe(false);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' });
    db.ms = 501;
    loop.ms = 0;
    expect(send(shedder, '/open311/v2/requests.json').res.statusCode).toBe(503);
  });

  it('never sheds health probes or the in-process simulators', () => {
    loop.ms = 5000;
    for (const path of ['/api/health', '/sim/wechat/wxa/img_sec_check', '/sim/wechatpay/v3/transfer/bills']) {
      expect(isExemptFromShedding(path)).toBe(true);
      expect(send(shedder, path).passed).toBe(true);
    }
    expect(isExemptFromShedding('/api/healthcheck-not')).toBe(false);
    expect(isExemptFromShedding('/api/v1/health')).toBe(false);
  });

  it('ignores a signal whose limit is 0 (switched off)', () => {
    const off = new LoadShedder([signal('event-loop delay', 0, { ms: 60_000 })], 2);
    expect(send(off, '/api/v1/reports').passed).toBe(true);
  });

  it('counts the requests it refused', () => {
    const before = shedder.shed;
    loop.ms = 2000;
    send(shedder, '/api/v1/a');
    send(shedder, '/api/v1/b');
    expect(shedder.shed).toBe(before + 2);
  });
});

describe('EventLoopLag', () => {
  it('sees a loop blocked until a moment ago, and forgets it on renew', () => {
    const lag = new EventLoopLag(60_000);
    try {
      lag.renew();
      const end = performance.now() + 300;
      while (performance.now() < end); // the loop is blocked: no sample can run
      expect(lag.lagMs()).toBeGreaterThanOrEqual(250);
      lag.renew();
      expect(lag.lagMs()).toBeLessThan(250);
    } finally {
      lag.stop();
    }
  });
});

/**
 * The whole path over real HTTP, with the event loop really blocked. The measure's window is long (nothing
 * expires on its own) and the test starts fresh measures with renew(), so no assertion depends on how fast
 * this machine is: a slower machine only measures more delay.
 */
describe('load shedding over HTTP with a blocked event loop', () => {
  let server: Server;
  let base = '';
  let shedder: LoadShedder;
  let handled = 0;

  beforeAll(async () => {
    let mw: LoadShedder['middleware'] = (_req, _res, next) => next();
    server = createServer((req, res) =>
      mw(req, res, () => {
        handled++; // the handler: in the app, a write
        res.end('ok');
      }),
    );
    shedder = installLoadShedding((m) => (mw = m), server, {
      enabled: true,
      maxEventLoopDelayMs: 1000,
      maxDbWaitMs: 0,
      retryAfterSeconds: 2,
      windowMs: 600_000,
    })!;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  /** Served again: a fresh measure, then the request (again after a fresh measure if this machine itself lagged). */
  async function servedAfterRenew(path: string): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      shedder.renew();
      const res = await fetch(base + path, { method: 'POST' });
      if (res.status !== 503 || attempt === 20) return res;
    }
  }

  it('refuses a request before its handler runs while the loop is blocked, answers the health probe, and serves again after', async () => {
    expect((await servedAfterRenew('/api/v1/reports')).status).toBe(200);
    const before = handled;

    shedder.renew();
    const shed = fetch(`${base}/api/v1/reports`, { method: 'POST', body: '{}' }); // sent: nothing moves until the loop is free
    const health = fetch(`${base}/api/health`);
    const end = performance.now() + 1500;
    while (performance.now() < end); // what a CPU-bound handler or a starved process does to every request

    const refused = await shed;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toEqual({ code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用，请稍后再试' });
    expect((await health).status).toBe(200);
    expect(handled).toBe(before + 1); // only the health probe reached a handler

    const served = await servedAfterRenew('/api/v1/reports');
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('ok');
  });
});

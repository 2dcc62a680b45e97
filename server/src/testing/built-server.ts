import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built server (`node dist/main.js`) as a child process, for tests that run several instances on one
 * database or SIGKILL them: the in-process test app cannot be killed without killing jest.
 */
export const SERVER_DIR = join(__dirname, '..', '..');

/** The secret of startTestApp: tokens issued by the in-process app are accepted by the children. */
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret';

/** Builds dist/ when a source file given is newer than its output (or CRASH_REBUILD is set). */
export function ensureBuilt(probe = 'payouts/claims.service'): void {
  const out = join(SERVER_DIR, 'dist', `${probe}.js`);
  const src = join(SERVER_DIR, 'src', `${probe}.ts`);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs && !process.env.CRASH_REBUILD) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(SERVER_DIR, 'tsconfig.build.json')], {
      cwd: SERVER_DIR,
      stdio: 'ignore',
    });
  } catch {
    // tsc still emits when unrelated files have type errors; the existence check below decides.
  }
  if (!existsSync(out)) throw new Error('server build (dist) missing: run pnpm --filter @sansui/server build');
}

export interface BuiltServerOptions {
  port: number;
  /** mariadb://… of a database whose schema is already migrated (children run the no-op migration check). */
  databaseUrl: string;
  /** Shared by the instances: the WeChat simulators' keys and bill store, local photo storage. */
  dataDir: string;
  env?: Record<string, string>;
  /** Append the child's output to this file (else it is discarded). */
  logFile?: string;
  bootTimeoutMs?: number;
}

/** Starts one instance and waits for /api/health; null when it exited or did not come up in time. */
export async function startBuiltServer(o: BuiltServerOptions): Promise<ChildProcess | null> {
  const log = o.logFile ? openSync(o.logFile, 'a') : null;
  const child = spawn(process.execPath, [join(SERVER_DIR, 'dist', 'main.js')], {
    cwd: SERVER_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: o.databaseUrl,
      PORT: String(o.port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: `http://127.0.0.1:${o.port}`,
      DATA_DIR: o.dataDir,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: log ? 'info' : 'fatal',
      JOBS_ENABLED: 'false',
      DEMO_DATA: 'false',
      WECHAT_MODE: 'simulator',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...o.env,
    },
    stdio: log ? ['ignore', log, log] : 'ignore',
  });
  const until = Date.now() + (o.bootTimeoutMs ?? 90_000);
  while (Date.now() < until) {
    if (child.exitCode !== null) return null;
    try {
      const res = await fetch(`http://127.0.0.1:${o.port}/api/health`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return child;
    } catch {
      /* not up yet */
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  await exited(child);
  return null;
}

/** The mariadb:// URL the children use for the in-process test app's database. */
export function childDatabaseUrl(options: { type: string; url?: string }): string {
  return String(options.type === 'mariadb' ? 'mariadb:' : 'mysql:') + String(options.url).replace(/^\w+:/, '');
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded PRNG (mulberry32): the same seed gives the same run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

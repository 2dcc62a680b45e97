// The external simulator host of bench/run.mjs and bench/simulator-cost.mjs, and what both need around it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A process's CPU (user + system, all its threads) in ms, from /proc; NaN once it is gone. */
export function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
}

/** Polls /api/health until the child answers (up to 10 minutes: a demo boot took 5 at load 40). */
export async function waitHealthy(child, base) {
  for (let i = 0; i < 1200 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  return false;
}

/**
 * A 64×64 JPEG of seeded noise, the i-th: every photo has its own perceptual hash (flat colours all hash to 0000…,
 * which made each report "similar" to every earlier one and the duplicate check read thousands of photos).
 */
export function noisePhoto(sharp, i) {
  let seed = ((i + 1) * 2654435761) >>> 0;
  const px = Buffer.alloc(64 * 64 * 3);
  for (let k = 0; k < px.length; k++) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    px[k] = seed >>> 24;
  }
  return sharp(px, { raw: { width: 64, height: 64, channels: 3 } })
    .jpeg()
    .toBuffer();
}

/**
 * A built server (`mainJs`) as a child process on `port`, as every bench starts one: its own data directory (removed
 * by `stop`), SQLite unless `env` names a DATABASE_URL, no demo data unless `env` asks, warnings only, no rate limit, no
 * jobs. With `profileFile` it records CPU profiles between SIGWINCHs (bench/cpu-profile-preload.cjs). `up` tells
 * whether /api/health answered (up to 10 minutes).
 */
export async function startServerChild({ mainJs, port, dataPrefix = 'bench-server-', env: extra = {}, profileFile }) {
  const dataDir = mkdtempSync(join(tmpdir(), dataPrefix));
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '10000000',
    JOBS_ENABLED: 'false',
    NODE_ENV: 'development',
    ...extra,
  };
  if (!extra.DATABASE_URL) delete env.DATABASE_URL;
  delete env.BENCH_CPU_PROFILE;
  if (profileFile) env.BENCH_CPU_PROFILE = profileFile;
  const profile = profileFile ? ['-r', join(root, 'bench', 'cpu-profile-preload.cjs')] : [];
  const child = spawn('node', [...profile, mainJs], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  return { child, base, stop, up: await waitHealthy(child, base) };
}

/**
 * A server of `dist` (SQLite, no demo data) on `port` whose /sim routes answer as WeChat's and Tencent Maps' machines
 * do, and which pushes image verdicts to `pushUrl`. With `profileFile` it records CPU profiles between SIGWINCHs
 * (bench/cpu-profile-preload.cjs).
 */
export async function startSimulatorHost({ dist, port, pushUrl, profileFile }) {
  const { child, base, stop, up } = await startServerChild({
    mainJs: join(root, dist, 'main.js'),
    port,
    dataPrefix: 'bench-sim-',
    env: { WECHAT_SIM_PUSH_URL: pushUrl },
    profileFile,
  });
  if (!up) {
    await stop();
    throw new Error('simulator host did not answer /api/health');
  }
  return {
    base,
    stop,
    cpuMs: () => processCpuMs(child.pid),
    signal: () => child.kill('SIGWINCH'),
  };
}

// The process entry, `node dist/main.js`. `pnpm run build` writes, next to tsc's output, dist/server.bundle.js: the
// server and its pure-JS dependencies in one file (scripts/bundle.mjs), with a V8 code cache made by booting it once at
// build time. Resolving, reading and compiling ~2,000 modules one by one was most of a restart's CPU
// (docs/performance.md, "Boot, seventh round"). Loads tsc's modules instead when there is no bundle, when it is older
// than tsc's output (a build by tsc alone must not run stale code) or with SERVER_BUNDLE=off.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import type { App } from './create-app';
import type * as Server from './server';

const BUNDLE = join(__dirname, 'server.bundle.js');

function bundleIsCurrent(): boolean {
  if (process.env.SERVER_BUNDLE === 'off' || !existsSync(BUNDLE)) return false;
  return statSync(BUNDLE).mtimeMs >= statSync(join(__dirname, 'server.js')).mtimeMs;
}

/** The bundle ends with its build id; its code cache is named after it, so a cache never meets another build's code. */
function cacheFileOf(source: string): string | null {
  const id = /\/\/ build-id: ([0-9a-f]+)\s*$/.exec(source.slice(-80))?.[1];
  return id ? join(__dirname, `server.bundle.${id}.cache`) : null;
}

/** Runs the bundle as CommonJS module, its code from the cache where V8 accepts it; externals resolve from dist. */
function loadBundle(): { server: typeof Server; script: Script; cacheFile: string | null } {
  // latin1: the bundle is ASCII (scripts/bundle.mjs fails the build otherwise), so this is the same string, made from
  // the bytes without UTF-8 decoding (~40 ms of every boot on 9 MB).
  const source = readFileSync(BUNDLE, 'latin1');
  const cacheFile = cacheFileOf(source);
  const cachedData = cacheFile && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // The file is the module's function, wrapper included (scripts/bundle.mjs): compiled as read, no concatenated copy.
  const script = new Script(source, { filename: BUNDLE, cachedData });
  const bundleModule = { exports: {} as typeof Server };
  (script.runInThisContext() as (...args: unknown[]) => void)(bundleModule.exports, createRequire(BUNDLE), bundleModule, BUNDLE, __dirname);
  return { server: bundleModule.exports, script, cacheFile };
}

async function main(): Promise<void> {
  if (!bundleIsCurrent()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the unbundled fallback, loaded only when needed
    await (require('./server') as typeof Server).startServer();
    return;
  }
  const { server, script, cacheFile } = loadBundle();
  const app = await server.startServer();
  // The build boots once with BUNDLE_CODE_CACHE=write: by then V8 has compiled what a boot runs, and the cache holds it.
  if (process.env.BUNDLE_CODE_CACHE === 'write' && cacheFile) await writeCacheAndStop(app, script, cacheFile);
}

async function writeCacheAndStop(app: App, script: Script, cacheFile: string): Promise<void> {
  writeFileSync(cacheFile, script.createCachedData());
  await app.close();
  process.exit(0);
}

main().catch((err) => {
  // Configuration errors name the bad variable; print them plainly and stop.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

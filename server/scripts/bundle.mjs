// Second half of `pnpm run build` (after tsc): bundles tsc's output into dist/server.bundle.js, which dist/main.js runs,
// and writes its V8 code cache by booting it once. A restart resolved, read and compiled ~2,000 modules one by one; one
// cached file costs a fraction of that (docs/performance.md, "Boot, seventh round").
// - Entities and migrations: TypeORM finds them by glob in dist, which a single file does not have. The entry requires
//   every *.entity.js and migration file found here and hands their classes to database/bundled-classes.ts.
// - External (left to Node's require, at the file Node would load unbundled, by a path relative to dist): the native
//   packages, packages that read their own files next to them, and whatever does not resolve here (optional drivers
//   and Nest's optional packages: they fail at runtime exactly as they would unbundled, and nothing requires them).
// - keepNames: TypeORM and Nest read class names (a migration's timestamp is the end of its class name).
//   node scripts/bundle.mjs [--no-cache] [--meta <file>: esbuild's metafile, what went in and how large]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const { build } = await import('esbuild').catch((e) => {
  console.error(`bundle: esbuild is missing (${e.message}): run pnpm install --frozen-lockfile`);
  process.exit(1);
});

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(SERVER, 'dist');
const BUNDLE = join(DIST, 'server.bundle.js');
/**
 * Native addons; packages that serve files from their own folder (swagger-ui-dist: the docs page's assets); packages
 * the server requires on first use only (every boot would read them for nothing): mysql2 (TypeORM loads it for a MySQL
 * URL), spreadsheets, S3, Redis, the WeChat Pay plugin, road buffers.
 */
const EXTERNAL = new Set([
  'sharp',
  'better-sqlite3',
  'swagger-ui-dist',
  'mysql2',
  'exceljs',
  '@aws-sdk/client-s3',
  'ioredis',
  'wechatpay-axios-plugin',
  '@turf/buffer',
  // Nest's default HTTP adapter, required only when no adapter is given (ours is Fastify): express, body-parser and
  // iconv-lite came with it, ~0.9 MB every boot read for nothing.
  '@nestjs/platform-express',
]);

/** Every file under dir whose name passes the test, as a path relative to dist. */
function filesUnder(dir, test) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => test(f) && statSync(join(dir, f)).isFile())
    .map((f) => './' + relative(DIST, join(dir, f)).split(sep).join('/'))
    .sort();
}

const requires = (files) => `exportedClasses([${files.map((f) => `require(${JSON.stringify(f)})`).join(', ')}])`;
const entry = `
const { bundledClasses, exportedClasses } = require('./database/bundled-classes');
bundledClasses.entities = ${requires(filesUnder(DIST, (f) => f.endsWith('.entity.js')))};
bundledClasses.migrations = {
  mysql: ${requires(filesUnder(join(DIST, 'database', 'migrations', 'mysql'), (f) => f.endsWith('.js')))},
  sqlite: ${requires(filesUnder(join(DIST, 'database', 'migrations', 'sqlite'), (f) => f.endsWith('.js')))},
};
module.exports = require('./server');
`;

const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Bare imports: externals to the exact file the importer would get from Node; unresolvable ones left as they are. */
const externals = {
  name: 'externals',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.inner || isBuiltin(args.path)) return undefined;
      if (EXTERNAL.has(packageOf(args.path))) {
        try {
          const file = createRequire(args.importer || join(DIST, 'x.js')).resolve(args.path);
          return { path: './' + relative(DIST, file).split(sep).join('/'), external: true };
        } catch {
          return { path: args.path, external: true };
        }
      }
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { inner: true } });
      return found.errors.length > 0 ? { path: args.path, external: true } : undefined;
    });
  },
};

/**
 * @nestjs/terminus checks that typeorm is installed by requiring it under a computed name, which a bundle cannot see:
 * Node would load a second typeorm from node_modules (a quarter of a bundled boot). Answered from the bundle instead.
 */
const terminusPackageCheck = {
  name: 'terminus-package-check',
  setup(b) {
    b.onLoad({ filter: /@nestjs[\\/]terminus[\\/]dist[\\/]utils[\\/]checkPackage\.util\.js$/ }, async (args) => {
      const original = await readFile(args.path, 'utf8');
      const call = 'return require(`${module}`);';
      if (!original.includes(call)) throw new Error(`bundle: ${args.path} changed; review the terminus-package-check plugin`);
      const bundled = "{ typeorm: () => require('typeorm'), '@nestjs/typeorm': () => require('@nestjs/typeorm') }";
      return {
        contents: original.replace(
          call,
          `const bundled = ${bundled}; return module in bundled ? bundled[module]() : require(\`\${module}\`);`,
        ),
        loader: 'js',
      };
    });
  },
};

/** The TypeORM drivers the server can be configured with (database-options.ts); sqlite-abstract is their base. */
const TYPEORM_DRIVERS = new Set(['mysql', 'better-sqlite3']);
const DRIVER_ON_DEMAND = 'typeorm-driver-on-demand:';

/**
 * TypeORM's DriverFactory requires all 18 drivers when it loads, so every boot ran the module bodies of Postgres, Oracle,
 * SQL Server, Mongo… drivers (and read ~0.9 MB of them). The others become getters that require the driver from
 * node_modules on first use (never, by the configuration), as an unbundled TypeORM would load it.
 */
const typeormDriversOnDemand = {
  name: 'typeorm-drivers-on-demand',
  setup(b) {
    b.onLoad({ filter: /typeorm[\\/]driver[\\/]DriverFactory\.js$/ }, async (args) => {
      const original = await readFile(args.path, 'utf8');
      const driverRequire = /const (\w+)_1 = require\("\.\/([\w-]+)\/(\w+)"\);/g;
      let kept = 0;
      const contents = original.replace(driverRequire, (line, name, folder, file) => {
        if (TYPEORM_DRIVERS.has(folder)) return (kept++, line);
        const spec = DRIVER_ON_DEMAND + join(dirname(args.path), folder, `${file}.js`);
        return `const ${name}_1 = { get ${name}() { return require(${JSON.stringify(spec)}).${name}; } };`;
      });
      if (kept !== TYPEORM_DRIVERS.size) throw new Error(`bundle: ${args.path} changed; review typeormDriversOnDemand`);
      return { contents, loader: 'js' };
    });
    b.onResolve({ filter: new RegExp(`^${DRIVER_ON_DEMAND}`) }, (args) => ({
      path: './' + relative(DIST, args.path.slice(DRIVER_ON_DEMAND.length)).split(sep).join('/'),
      external: true,
    }));
  },
};

/**
 * esbuild writes non-ASCII characters as escapes everywhere but in regular-expression literals (validator's locale
 * patterns, Chinese in our own). One such character makes Node decode the whole file into a two-byte string, ~0.1 s
 * of every restart (docs/performance.md, "Boot, eighth round"). `\uXXXX` is the same character in a pattern, with or
 * without the u flag (a surrogate pair of escapes is one code point there), and in strings and comments.
 */
function asciiOnly(code) {
  return code.replace(/[\u0080-\uffff]/g, (ch, at) => {
    if (code[at - 1] === '\\') throw new Error(`bundle: an escaped non-ASCII character at ${at}; asciiOnly cannot rewrite it`);
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Nest's Logger and ConsoleLogger each build an `Intl.DateTimeFormat` when their modules load: ICU's first locale, ~25 ms
 * of CPU at every boot, for loggers that only print before the app's own logger takes over (or never). Built on first use.
 */
const consoleLoggerClockOnDemand = {
  name: 'console-logger-clock-on-demand',
  setup(b) {
    b.onLoad({ filter: /@nestjs[\\/]common[\\/]services[\\/](console-)?logger\.service\.js$/ }, async (args) => {
      const original = await readFile(args.path, 'utf8');
      const made = /const dateTimeFormatter = (new Intl\.DateTimeFormat\(undefined, \{[^}]*\}\));/;
      const m = made.exec(original);
      if (!m || original.match(/dateTimeFormatter\./g)?.length !== 1 || !original.includes('dateTimeFormatter.format('))
        throw new Error(`bundle: ${args.path} changed; review consoleLoggerClockOnDemand`);
      const lazy = `let madeFormatter; const dateTimeFormatter = { format: (at) => (madeFormatter ??= ${m[1]}).format(at) };`;
      return { contents: original.replace(made, lazy), loader: 'js' };
    });
  },
};

/**
 * The bundle is written as the function main.js runs it as (CommonJS's wrapper): main.js compiles the file's text as it
 * is, instead of a 7 MB concatenation V8 had to copy flat first (~30 ms of every boot).
 */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'];

const buildId = randomBytes(8).toString('hex');
const result = await build({
  stdin: { contents: entry, resolveDir: DIST, sourcefile: 'bundle-entry.js', loader: 'js' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  outfile: BUNDLE,
  plugins: [typeormDriversOnDemand, externals, terminusPackageCheck, consoleLoggerClockOnDemand],
  logLevel: 'error',
  metafile: true,
});
writeFileSync(BUNDLE, `${WRAPPER[0]}${asciiOnly(readFileSync(BUNDLE, 'utf8'))}${WRAPPER[1]}\n// build-id: ${buildId}\n`);
for (const f of readdirSync(DIST)) if (/^server\.bundle\.[0-9a-f]+\.cache$/.test(f)) rmSync(join(DIST, f));
const inputs = Object.keys(result.metafile.inputs).length;
const metaAt = process.argv.indexOf('--meta');
if (metaAt > 0) writeFileSync(process.argv[metaAt + 1], JSON.stringify(result.metafile));
console.log(`bundle: ${relative(SERVER, BUNDLE)} (${(statSync(BUNDLE).size / 1e6).toFixed(1)} MB, ${inputs} modules)`);

if (!process.argv.includes('--no-cache')) {
  // One boot on an empty SQLite file, without demo data: V8 then has compiled what every boot runs, and main.js writes
  // the cache (BUNDLE_CODE_CACHE=write) once the server listens. It also proves the bundle starts.
  const dataDir = mkdtempSync(join(tmpdir(), 'sansui-bundle-cache-'));
  try {
    const boot = spawnSync(process.execPath, [join(DIST, 'main.js')], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        DEMO_DATA: 'false',
        JOBS_ENABLED: 'false',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        BUNDLE_CODE_CACHE: 'write',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 600_000,
    });
    const cache = join(DIST, `server.bundle.${buildId}.cache`);
    if (boot.status !== 0 || !existsSync(cache)) {
      console.error(`bundle: the bundled server did not boot (exit ${boot.status ?? boot.signal}); no code cache`);
      process.exit(1);
    }
    console.log(`bundle: code cache ${relative(SERVER, cache)} (${(statSync(cache).size / 1e6).toFixed(1)} MB)`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

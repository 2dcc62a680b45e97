// Regenerates the endpoint and error-code tables of docs/api.md from the built code, so they stay true:
//   - endpoints: the decorators of every Nest controller in server/dist (path, method, @Roles, @Public,
//     @RateLimited, @ApiOperation summary), read through reflect-metadata;
//   - error codes: ERROR_DEFINITIONS from shared/dist (group titles from the comments in shared/src).
// Build first (`cd shared && pnpm run build && cd ../server && pnpm run build`), then:
//   node scripts/gen-api-doc.mjs          rewrite the generated blocks in docs/api.md
//   node scripts/gen-api-doc.mjs --check  exit 1 when docs/api.md is out of date
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'server', 'dist');
const DOC = join(ROOT, 'docs', 'api.md');
const require = createRequire(join(ROOT, 'server', 'package.json'));

for (const built of [DIST, join(ROOT, 'shared', 'dist', 'cjs')]) {
  if (!existsSync(built)) throw new Error(`${relative(ROOT, built)} is missing: build shared and server first`);
}
require('reflect-metadata');
const { RequestMethod } = require('@nestjs/common');
const { PATH_METADATA, METHOD_METADATA, GUARDS_METADATA } = require('@nestjs/common/constants');
const { DECORATORS } = require('@nestjs/swagger/dist/constants');
const { ERROR_DEFINITIONS, API_PREFIX, CASE_ACTIONS, rolesForAction } = require('@sansui/shared');

const ROLES_KEY = 'sansui:roles';
const IS_PUBLIC = 'sansui:public';
const CONTROLLER_WATERMARK = '__controller__';

/** Routes mounted outside /api/v1: read from OUTSIDE_PREFIX in server/src/create-app.ts. */
const outsidePrefix = [
  ...readFileSync(join(ROOT, 'server', 'src', 'create-app.ts'), 'utf8').matchAll(/\{ path: '([^']+)', method: RequestMethod\.ALL \}/g),
].map((m) => m[1].replace(/\/\{\*path\}$/, ''));
if (!outsidePrefix.length) throw new Error('could not read OUTSIDE_PREFIX from server/src/create-app.ts');

/** Module order and English titles; any other folder is appended alphabetically. */
const MODULES = {
  auth: 'Authentication',
  users: 'Current user, account and staff accounts',
  reports: 'Reports (residents)',
  uploads: 'Photos',
  cases: 'Cases (staff workflow)',
  rewards: 'Rewards and campaigns',
  payouts: 'Payout batches, claims, ledger and exports',
  notifications: 'Subscriptions and staff notices',
  categories: 'Categories',
  departments: 'Departments',
  areas: 'Areas, grids and responsibility zones',
  routing: 'Routing (dispatch suggestions and rules)',
  stats: 'Statistics and circulars',
  audit: 'Audit log',
  open311: 'Open311 GeoReport v2',
  wechat: 'WeChat message push',
  evaluation: 'Evaluation regime (checklist, inspection rounds, scores)',
  health: 'Health',
};

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const asList = (v) => (Array.isArray(v) ? v : [v ?? '']);
const joinPath = (...parts) =>
  '/' +
  parts
    .map((p) => String(p).replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

/** Warns when a controller's source is newer than its build (the tables would describe the old code). */
function warnIfStale(files) {
  const stale = files.filter((f) => {
    const src = join(ROOT, 'server', 'src', relative(DIST, f)).replace(/\.js$/, '.ts');
    return existsSync(src) && statSync(src).mtimeMs > statSync(f).mtimeMs;
  });
  if (stale.length)
    console.warn(`warning: server/dist is older than the source of ${stale.map((f) => relative(DIST, f)).join(', ')}; rebuild the server`);
}

function collectRoutes() {
  const files = walk(DIST).filter((f) => /\.(controller|module)\.js$/.test(f) && !f.endsWith('app.module.js'));
  warnIfStale(files);
  const seen = new Set();
  const routes = [];
  for (const file of files.sort()) {
    for (const exported of Object.values(require(file))) {
      if (typeof exported !== 'function' || !Reflect.getMetadata(CONTROLLER_WATERMARK, exported) || seen.has(exported)) continue;
      seen.add(exported);
      const module = relative(DIST, file)
        .split('/')[0]
        .replace(/\.module\.js$/, '');
      const excludedController = !!Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, exported)?.[0];
      const proto = exported.prototype;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) === undefined)
          continue;
        const get = (key) => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, exported);
        const guards = [
          ...(Reflect.getMetadata(GUARDS_METADATA, exported) ?? []),
          ...(Reflect.getMetadata(GUARDS_METADATA, handler) ?? []),
        ].map((g) => g?.name ?? '');
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, exported))) {
          for (const sub of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            const route = joinPath(base, sub);
            const outside = outsidePrefix.some((p) => route === `/${p}` || route.startsWith(`/${p}/`));
            routes.push({
              module,
              method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler)],
              path: outside ? route : joinPath(API_PREFIX, route),
              public: !!get(IS_PUBLIC),
              roles: get(ROLES_KEY) ?? null,
              rateLimited: guards.includes('ThrottlerGuard'),
              simulator: route.startsWith('/sim/'),
              hidden: excludedController || !!Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, handler)?.disable,
              multipart: (get(DECORATORS.API_CONSUMES) ?? []).includes('multipart/form-data'),
              summary: Reflect.getMetadata(DECORATORS.API_OPERATION, handler)?.summary ?? '',
            });
          }
        }
      }
    }
  }
  return routes;
}

/**
 * The cases controller admits all staff; each action is then limited by the state machine
 * (shared/src/workflow/case-machine.ts) or, for these three, by a check in the service.
 */
const CASE_SERVICE_ROLES = {
  extension: ['handler', 'dept_manager'], // cases/extensions.service.ts request()
  'extension/decide': ['dispatcher'], // cases/extensions.service.ts decide()
  'reopen/decline': ['dispatcher'], // cases/case-actions.service.ts declineReopen()
};

function caseActionRoles(path) {
  const m = new RegExp(`^${API_PREFIX}/cases/:id/(.+)$`).exec(path);
  if (!m) return null;
  if (CASE_SERVICE_ROLES[m[1]]) return CASE_SERVICE_ROLES[m[1]];
  const actions = m[1] === 'verify' ? ['verify_pass', 'verify_fail'] : CASE_ACTIONS.includes(m[1]) ? [m[1]] : [];
  return actions.length ? [...new Set(actions.flatMap((a) => rolesForAction(a)))].filter((r) => r !== 'system') : null;
}

function who(r) {
  if (r.public) return 'public';
  const action = caseActionRoles(r.path);
  if (action) return action.join(', ');
  if (!r.roles) return 'signed in';
  return r.roles.join(', ');
}

function endpointTables(routes) {
  const known = Object.keys(MODULES);
  const modules = [...new Set(routes.filter((r) => !r.simulator).map((r) => r.module))].sort(
    (a, b) => (known.indexOf(a) + 1 || 999) - (known.indexOf(b) + 1 || 999) || a.localeCompare(b),
  );
  const out = [];
  for (const m of modules) {
    out.push(`### ${MODULES[m] ?? m} (\`server/src/${m}\`)`, '', '| method | path | who | purpose |', '| --- | --- | --- | --- |');
    for (const r of routes.filter((x) => x.module === m && !x.simulator)) {
      const notes = [r.rateLimited && 'rate-limited', r.multipart && 'multipart', r.hidden && 'not in OpenAPI'].filter(Boolean);
      out.push(`| ${r.method} | \`${r.path}\` | ${cell(who(r))} | ${cell(r.summary)}${notes.length ? ` *(${notes.join(', ')})*` : ''} |`);
    }
    out.push('');
  }
  const sims = routes.filter((r) => r.simulator);
  out.push('### Simulators (only with `WECHAT_MODE=simulator`; not in OpenAPI)', '', '| method | path |', '| --- | --- |');
  for (const r of sims) out.push(`| ${r.method} | \`${r.path}\` |`);
  return `${out.join('\n')}\n\n${routes.length} routes.`;
}

/** Group titles from the `// …` comments inside ERROR_DEFINITIONS in shared/src (values come from shared/dist). */
function errorGroups() {
  const src = readFileSync(join(ROOT, 'shared', 'src', 'constants', 'errors.ts'), 'utf8');
  const groups = {};
  let group = '';
  for (const line of src.split('\n')) {
    const comment = /^\s*\/\/\s*(?:---\s*)?(.+?)\s*(?:---)?\s*$/.exec(line);
    if (comment && !/^end\b/.test(comment[1])) group = comment[1];
    const code = /^\s*([A-Z][A-Z0-9_]+):\s*\{/.exec(line);
    if (code) groups[code[1]] = group;
  }
  return groups;
}

function errorTable() {
  const groups = errorGroups();
  const rows = Object.entries(ERROR_DEFINITIONS).map(
    ([code, d]) => `| \`${code}\` | ${d.status} | ${cell(d.message)} | ${cell(groups[code] ?? '')} |`,
  );
  return ['| code | HTTP | message (zh-CN) | group |', '| --- | --- | --- | --- |', ...rows, '', `${rows.length} codes.`].join('\n');
}

function replaceBlock(doc, name, body) {
  const begin = `<!-- BEGIN GENERATED ${name} (scripts/gen-api-doc.mjs) -->`;
  const end = `<!-- END GENERATED ${name} -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/api.md lacks the markers ${begin} … ${end}`);
  return `${doc.slice(0, i + begin.length)}\n${body}\n${doc.slice(j)}`;
}

const before = readFileSync(DOC, 'utf8');
const after = replaceBlock(replaceBlock(before, 'ENDPOINTS', endpointTables(collectRoutes())), 'ERRORS', errorTable());
if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error('docs/api.md is out of date: run node scripts/gen-api-doc.mjs');
    process.exit(1);
  }
  console.log('docs/api.md is up to date');
} else {
  writeFileSync(DOC, after);
  console.log(after === before ? 'docs/api.md unchanged' : 'docs/api.md updated');
}

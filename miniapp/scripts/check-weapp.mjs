// Checks the WeChat build in miniapp/dist: app.json declares what WeChat requires, every page exists,
// and the main package stays under 1.5 MB (WeChat's hard limit is 2 MB). Prints the sizes.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const problems = [];
const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8'));

for (const api of ['getLocation', 'chooseLocation']) {
  if (!app.requiredPrivateInfos?.includes(api)) problems.push(`app.json requiredPrivateInfos lacks ${api}`);
}
if (!app.permission?.['scope.userLocation']?.desc) problems.push('app.json lacks permission["scope.userLocation"].desc');
if (!existsSync(join(dist, 'project.config.json'))) problems.push('project.config.json missing');

const pageExists = (p) => existsSync(join(dist, `${p}.js`)) && existsSync(join(dist, `${p}.wxml`));
for (const p of app.pages ?? []) if (!pageExists(p)) problems.push(`main page ${p} not built`);
const subRoots = [];
for (const sp of app.subpackages ?? app.subPackages ?? []) {
  subRoots.push(sp.root.replace(/\/$/, ''));
  for (const p of sp.pages)
    if (!pageExists(`${sp.root.replace(/\/$/, '')}/${p}`)) problems.push(`subpackage page ${sp.root}/${p} not built`);
}

function sizeOf(dir, skip = []) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (skip.some((s) => full === join(dist, s))) continue;
    const st = statSync(full);
    total += st.isDirectory() ? sizeOf(full, skip) : st.size;
  }
  return total;
}
const main = sizeOf(dist, subRoots);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`weapp main package: ${kb(main)} (limit 1536 KB)`);
for (const r of subRoots) console.log(`weapp subpackage ${r}: ${kb(sizeOf(join(dist, r)))}`);
if (main > 1.5 * 1024 * 1024) problems.push(`main package ${kb(main)} exceeds 1.5 MB`);

if (problems.length) {
  console.error(`weapp build check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`weapp build check passed: ${app.pages.length} main pages, ${subRoots.length} subpackages`);

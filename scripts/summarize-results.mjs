// Adds up the JSON results of every jest/vitest/e2e run and prints one closing line "tests: N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, failedSteps = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;
/** The failed tests of one results file, by name with the first lines of why: CI shows only the end of the log. */
function failedTests(file, r) {
  const label = file.replace(/\.json$/, '');
  for (const suite of r.testResults ?? []) {
    for (const t of suite.assertionResults ?? []) {
      if (t.status === 'failed') failures.push({ label, name: t.fullName ?? t.title, why: (t.failureMessages ?? []).join('\n') });
    }
    if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((t) => t.status === 'failed'))
      failures.push({ label, name: suite.name, why: suite.message ?? '' });
  }
  for (const st of r.steps ?? []) if (!st.ok) failures.push({ label, name: st.name, why: st.error ?? '' });
}
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  try {
    const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const p = r.numPassedTests ?? 0;
    const f = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    console.log(`  ${file.replace(/\.json$/, '').padEnd(28)} ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
    failedTests(file, r);
    passed += p;
    failed += f;
    skipped += s;
  } catch (e) {
    console.log(`  ${file}: unreadable results (${e.message})`);
    failed += 1;
  }
}
if (failures.length) {
  console.log('\nFailed tests:');
  for (const f of failures) {
    const why = f.why
      .replace(ANSI_COLOUR, '')
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 6);
    console.log(`  [${f.label}] ${f.name}`);
    for (const line of why) console.log(`      ${line.trim().slice(0, 300)}`);
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || Number(failedSteps) > 0 ? 1 : 0);

// Adds up the JSON results of every jest/vitest/e2e run and prints one closing line "tests: N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, failedSteps = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  try {
    const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const p = r.numPassedTests ?? 0;
    const f = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    console.log(`  ${file.replace(/\.json$/, '').padEnd(28)} ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
    passed += p;
    failed += f;
    skipped += s;
  } catch (e) {
    console.log(`  ${file}: unreadable results (${e.message})`);
    failed += 1;
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || Number(failedSteps) > 0 ? 1 : 0);

import { defineConfig } from 'vitest/config';

/** Browser tests (playwright-core + Debian's Chromium) against a running server: ADMIN_E2E_BASE_URL=http://127.0.0.1:3100 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // One shared demo server on a loaded 2-core CI machine: a browser test gets one more try, so a test fails
    // the run when it fails twice. The summary at the end of scripts/test.sh names every failed test.
    retry: 1,
    sequence: { concurrent: false },
    // scripts/e2e.sh collects every suite's JSON results into one summary.
    ...(process.env.E2E_RESULTS_FILE ? { reporters: ['default', 'json'], outputFile: { json: process.env.E2E_RESULTS_FILE } } : {}),
  },
});

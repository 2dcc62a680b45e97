// Mutation testing of the money and rule code: `pnpm run mutation` (docs/quality.md has the figures and why
// these files). Only files whose unit specs run without a database are mutated: one jest run per mutant
// over the integration suite would take hours on two cores.
import { fileURLToPath } from 'node:url';

// pnpm keeps the runner out of core's own node_modules, where Stryker's "@stryker-mutator/*" glob looks.
const jestRunner = fileURLToPath(import.meta.resolve('@stryker-mutator/jest-runner'));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  plugins: [jestRunner],
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.cjs', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level tables and constants) cannot be traced to tests, so each reruns every
  // spec: on two shared cores they took 88 % of a run. The default run leaves them out (reported as
  // ignored); `pnpm run mutation:full` (MUTATION_STATIC=1) includes them. docs/quality.md lists what they cover.
  ignoreStatic: process.env.MUTATION_STATIC !== '1',
  concurrency: 2,
  mutate: [
    'shared/src/workflow/case-machine.ts',
    'shared/src/workflow/sla.ts',
    'server/src/evaluation/supervision-rules.ts',
    'server/src/ledger/ledger-rules.ts',
    'server/src/payouts/batch-rules.ts',
    'server/src/payouts/bill-rules.ts',
    'server/src/payouts/claims.service.ts',
    'server/src/rewards/reward-view.ts',
    'server/src/rewards/rules/eligibility.ts',
    'server/src/rewards/rules/fraud-signals.ts',
    'server/src/rewards/rules/grant-rules.ts',
    'server/src/routing/routing-decision.ts',
  ],
  ignorePatterns: ['miniapp', 'server/admin', 'docs', 'bench', 'data', '.test-results', '**/dist', 'reports'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

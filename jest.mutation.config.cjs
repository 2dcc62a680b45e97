/**
 * The unit specs of the money and rule code, run from the repository root so one jest run sees both
 * shared/src and server/src (Stryker mutates both). `pnpm run mutation` uses it; see docs/quality.md.
 * Only these specs: a mutant of a shared module would otherwise rerun every spec that imports @sansui/shared.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/shared/src/workflow/*.spec.ts',
    '<rootDir>/server/src/evaluation/supervision-rules.spec.ts',
    '<rootDir>/server/src/ledger/*.spec.ts',
    '<rootDir>/server/src/payouts/*.spec.ts',
    '<rootDir>/server/src/rewards/**/*.spec.ts',
    '<rootDir>/server/src/routing/*.spec.ts',
  ],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/server/tsconfig.json', isolatedModules: true }] },
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp', '<rootDir>/reports'],
  moduleNameMapper: { '^@sansui/shared$': '<rootDir>/shared/src/index.ts', '^@sansui/shared/(.*)$': '<rootDir>/shared/src/$1' },
};

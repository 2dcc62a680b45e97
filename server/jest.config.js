/**
 * One jest run covers unit specs (*.spec.ts, no database) and integration/HTTP specs (*.int-spec.ts),
 * which run against the database chosen by TEST_DB: "sqlite" (default, an embedded file per worker)
 * or "mysql" (DATABASE_URL or the MariaDB that scripts/test.sh starts).
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testRegex: '\\.(spec|int-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
  moduleNameMapper: { '^@sansui/shared$': '<rootDir>/../shared/src/index.ts', '^@sansui/shared/(.*)$': '<rootDir>/../shared/src/$1' },
  testTimeout: 60000,
  maxWorkers: 2,
};

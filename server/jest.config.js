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
  // An int-spec boots the whole server on a fresh database in its beforeAll: on a loaded 2-core machine that has
  // reached 47–53 s, too close to a 60 s limit for a check that must not flake.
  testTimeout: 120000,
  maxWorkers: 2,
};

// ESLint over the whole workspace (server, admin panel, mini-program, shared). TypeScript is linted with type
// information, each file against the tsconfig.json of its package (typescript-eslint's project service), so the
// rules that catch real bugs — promises nobody awaits, async callbacks where a sync one is expected — can run.
// Rules that only restyle code are left to Prettier; rules that would mostly flag deliberate `any` at library
// boundaries (the no-unsafe-* family) are off.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      // Builds of another commit kept beside the server's for the benches' baselines (bench/run.mjs --baseline-dist).
      'server/dist-*/**',
      '**/dist-h5/**',
      '**/coverage/**',
      '**/.test-results/**',
      '**/e2e/artifacts/**',
      'reports/**',
      '**/.stryker-tmp/**',
      '**/.cache/**',
      'data/**',
      'server/src/database/migrations/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['miniapp/config/*.ts', 'server/admin/vitest.e2e.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // JSX handlers may be async (React ignores their result); promises passed elsewhere must be handled.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Off: they flag deliberate patterns here ('a' | string for autocompletion, `any` from untyped libraries,
      // antd's form methods, jest's mocked methods, async methods that satisfy an interface) far more often than bugs.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off', // Nest's HttpStatus against numeric statuses
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // The server logs through pino; the command-line entry points and benchmarks print.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/main.ts', 'server/src/database/cli.ts', 'server/src/**/*.bench*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Browser-side callbacks of the Playwright scripts (page.evaluate) use the page's globals.
    files: ['**/e2e/**/*.{mjs,ts}', 'scripts/*shots*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['server/admin/**/*.{ts,tsx}', 'miniapp/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);

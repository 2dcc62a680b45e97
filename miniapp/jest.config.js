/** 组件与逻辑测试：babel（preset taro）转译，jsdom 环境；Taro 组件和 API 用 jest/ 下的轻量替身 */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/jest'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': 'babel-jest',
    '^.+\\.mjs$': 'babel-jest',
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(@tarojs|@nutui))', '/node_modules/\\.pnpm/(jest|@jest|babel-jest)'],
  moduleNameMapper: {
    '\\.(css|scss|sass|less)$': '<rootDir>/jest/style-stub.js',
    '^@sansui/shared$': '<rootDir>/../shared/src/index.ts',
    '^@sansui/shared/(.*)$': '<rootDir>/../shared/src/$1',
    '^@tarojs/components$': '<rootDir>/jest/taro-components.tsx',
    '^@tarojs/taro$': '<rootDir>/jest/taro.ts',
    '^@/(.*)$': '<rootDir>/src/$1',
  },
  setupFiles: ['<rootDir>/jest/setup.ts'],
  clearMocks: true,
};

/**
 * 居民端 api 层（src/api）的共用替身：测试给出自己的 mockApi，错误类型和文案用真实的。
 *
 *   const mockApi = { myReports: jest.fn() };
 *   jest.mock('../../api', () => jest.requireActual('../../../jest/mock-api').apiModule(() => mockApi));
 *
 * 用取值函数，是因为 jest.mock 的工厂在 import 时就执行，那时 mockApi 还没有赋值。
 */
import { ApiError, errorMessage } from '../src/api/errors';

export function apiModule(api: () => object) {
  return {
    get api() {
      return api();
    },
    ApiError,
    errorMessage,
    showError: jest.fn(),
  };
}

/** 服务端地址，构建时由 TARO_APP_API_BASE 注入（见 config/index.ts）；H5 默认同源 */
export const API_BASE: string = process.env.TARO_APP_API_BASE ?? '';
export const API_PREFIX = '/api/v1';

export function apiUrl(path: string): string {
  return `${API_BASE}${API_PREFIX}${path}`;
}

import { API_BASE } from '../api/config';

/** 服务端返回的相对地址（/uploads/...）在小程序里要补上域名 */
export function assetUrl(u: string | undefined | null): string {
  if (!u) return '';
  if (/^(https?:|blob:|data:|wxfile:)/.test(u) || !u.startsWith('/')) return u;
  return `${API_BASE}${u}`;
}

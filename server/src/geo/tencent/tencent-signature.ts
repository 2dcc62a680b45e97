import { createHash } from 'node:crypto';

/**
 * Tencent Location Service WebService "SN 校验" for GET: sig = md5(path + "?" + the query parameters
 * sorted by name as `k=v` joined by `&`, values not URL-encoded + SK), lower-case hex. `path` must be
 * the path requested (with or without the trailing slash, but the same one).
 */
export function tencentSig(path: string, params: Record<string, string>, secretKey: string): string {
  const query = Object.keys(params)
    .filter((k) => k !== 'sig')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return createHash('md5').update(`${path}?${query}${secretKey}`, 'utf8').digest('hex');
}

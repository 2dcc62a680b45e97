/**
 * 草稿的 clientRequestId：每份草稿生成一次，重试时不变，服务端据此去重。
 * 格式满足契约：8–64 位字母、数字、- 或 _。
 */
export function newClientRequestId(now: number = Date.now(), random: () => number = Math.random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let rand = '';
  for (let i = 0; i < 16; i++) rand += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  return `r-${now.toString(36)}-${rand}`;
}

export const CLIENT_REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

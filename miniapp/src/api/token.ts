import { storage } from '../lib/storage';

const KEY = 'token';
let cached: string | null | undefined;

export function getToken(): string | null {
  if (cached === undefined) cached = storage.get<string>(KEY) ?? null;
  return cached;
}

export function setToken(token: string | null): void {
  cached = token;
  if (token) storage.set(KEY, token);
  else storage.remove(KEY);
}

import { createHash, randomInt } from 'node:crypto';

/** Letters and digits a person reads off a screen without confusing them (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 8;

export const BIND_CODE_VALID_MS = 24 * 3600_000;

/** A fresh code such as `K7QM-3XHD` (40 bits; the login endpoint is rate limited). */
export function newBindCode(): string {
  let s = '';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** What is stored and looked up: typed codes match whatever their case, spaces or dashes. */
export function bindCodeHash(code: string): string {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`staff-bind:${normalised}`).digest('hex');
}

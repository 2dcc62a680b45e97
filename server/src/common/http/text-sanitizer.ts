/**
 * Control characters a person never means to type: C0 except tab, line feed and carriage return, DEL,
 * C1, and the bidirectional overrides/isolates that make text display differently from what it is.
 */
// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function stripControlCharacters(text: string): string {
  return text.replace(UNWANTED, '');
}

/** Strips control characters from every string in a request body or query, in place; walked with an explicit stack. */
export function sanitizeStrings<T>(value: T): T {
  if (typeof value === 'string') return stripControlCharacters(value) as T;
  if (value === null || typeof value !== 'object') return value;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    if (Buffer.isBuffer(node)) continue;
    for (const key of Object.keys(node)) {
      const v = node[key];
      if (typeof v === 'string') node[key] = stripControlCharacters(v);
      else if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  return value;
}

/** Yuan text typed by staff → integer fen, without floating point ("2.5" → 250). Null when not a valid amount. */
export function parseYuan(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(/^¥/, '');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
}

/** Integer fen → yuan text for an input box ("250" → "2.50"). */
export function fenToYuanText(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

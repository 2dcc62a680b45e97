import type { Condition } from './case-list-sql';

/**
 * The search box's index (`case_text_grams`): which 1-, 2- and 3-character pieces of a case's description, address and
 * landmark occur in each block of CASE_TEXT_BLOCK consecutive case ids. Kept behind the writes, not inside them: the
 * indexer (case-text-indexer.ts) fills whole blocks in order and advances `case_text_index.blocks`, and reads again the
 * cases a trigger lists in `case_text_changes` when one of their texts changed. A search trusts the index only below
 * that watermark and for cases not listed as changed; the rest is read with the plain LIKE, which stays the judge of
 * every row. Pieces are only ever added: an edit that drops a word leaves its pieces, which widens a search, never
 * narrows it.
 */
export const CASE_TEXT_BLOCK = 1024;

/** At most this many blocks are read by key to find the words' cases; more, and the list walks as before. */
export const CASE_TEXT_SCAN_BLOCKS = 16;

/**
 * The index is used only while the cases above its watermark are at most this many ids (the newest, read with the
 * LIKE by key): before the indexer's first fill has caught up, the list walks as before.
 */
export const CASE_TEXT_TAIL = 16 * CASE_TEXT_BLOCK;

/** At most this many changed cases are read with the LIKE by key; more (a mass edit not yet drained), the list walks. */
export const CASE_TEXT_PENDING = 1_000;

/** At most this many of the words' pieces are intersected (each one only narrows; short words have fewer). */
const MAX_PIECES = 8;

/** ASCII letters lowered, as SQLite's LIKE folds them (MariaDB's collation folds the rest when it compares pieces). */
const fold = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * The pieces the words need: the words themselves up to 3 characters, else their 3-character pieces. Three
 * characters, not two: in Chinese text nearly every block holds each 2-character piece of 人民路灯, while 民路灯 is rare.
 */
export function textPieces(text: string): string[] {
  const chars = Array.from(fold(text));
  if (chars.length <= 3) return [chars.join('')];
  const pieces = new Set<string>();
  for (let i = 0; i + 2 < chars.length && pieces.size < MAX_PIECES; i++) pieces.add(chars.slice(i, i + 3).join(''));
  return [...pieces];
}

/** Every 1-, 2- and 3-character piece of the texts, added to `into`. */
function addTextPieces(into: Set<string>, ...texts: (string | null)[]): void {
  for (const text of texts) {
    if (!text) continue;
    const chars = Array.from(fold(text));
    for (let i = 0; i < chars.length; i++) {
      into.add(chars[i]);
      if (i + 1 < chars.length) into.add(chars[i] + chars[i + 1]);
      if (i + 2 < chars.length) into.add(chars[i] + chars[i + 1] + chars[i + 2]);
    }
  }
}

/** A case's three texts as read for the index. */
export interface CaseTexts {
  id: number | string;
  description: string | null;
  address: string | null;
  landmark: string | null;
}

/** The (piece, block) rows of these cases' texts, each piece once per block. */
export function blockPieces(cases: CaseTexts[]): [string, number][] {
  const byBlock = new Map<number, Set<string>>();
  for (const c of cases) {
    const block = Math.floor(Number(c.id) / CASE_TEXT_BLOCK);
    const pieces = byBlock.get(block) ?? new Set<string>();
    addTextPieces(pieces, c.description, c.address, c.landmark);
    byBlock.set(block, pieces);
  }
  return [...byBlock].flatMap(([block, pieces]) => [...pieces].map((gram): [string, number] => [gram, block]));
}

/**
 * The indexed blocks (below `blocks`) that hold every piece, in order, at most `cap + 1`. Each piece is its own
 * condition: two pieces equal under MariaDB's collation would otherwise be counted once.
 */
export function candidateBlocksSql(pieces: string[], blocks: number, cap = CASE_TEXT_SCAN_BLOCKS): Condition {
  const [first, ...rest] = pieces;
  const also = rest.map(() => ' AND EXISTS (SELECT 1 FROM case_text_grams g WHERE g.gram = ? AND g.block = g0.block)').join('');
  return {
    sql: `SELECT g0.block FROM case_text_grams g0 WHERE g0.gram = ? AND g0.block < ?${also} ORDER BY g0.block LIMIT ${cap + 1}`,
    params: [first, blocks, ...rest],
  };
}

/** The `LIKE` of the search box over the three columns, its parameters in order. */
export function wordsLike(text: string): Condition {
  const like = `%${text.replace(/[%_!]/g, (m) => `!${m}`)}%`;
  return {
    sql: "(c.description LIKE ? ESCAPE '!' OR c.address LIKE ? ESCAPE '!' OR c.landmark LIKE ? ESCAPE '!')",
    params: [like, like, like],
  };
}

/**
 * The ids of the cases whose text holds the words among: the candidate blocks (consecutive ones in one primary key
 * range), the ids from `tailFrom` on (above the watermark) and the changed cases not yet read again; at most `limit`.
 */
export function wordMatchesSql(text: string, blocks: number[], tailFrom: number, changed: number[], limit: number): Condition {
  const ranges: [number, number][] = [];
  for (const b of [...blocks, tailFrom / CASE_TEXT_BLOCK]) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === b * CASE_TEXT_BLOCK) last[1] += CASE_TEXT_BLOCK;
    else ranges.push([b * CASE_TEXT_BLOCK, (b + 1) * CASE_TEXT_BLOCK]);
  }
  const like = wordsLike(text);
  // The last range is the tail: open above.
  const parts: Condition[] = ranges.map(([from, to], i) =>
    i === ranges.length - 1
      ? { sql: `c.id >= ? AND ${like.sql}`, params: [from, ...like.params] }
      : { sql: `c.id >= ? AND c.id < ? AND ${like.sql}`, params: [from, to, ...like.params] },
  );
  if (changed.length)
    parts.push({ sql: `c.id IN (${changed.map(() => '?').join(', ')}) AND ${like.sql}`, params: [...changed, ...like.params] });
  return {
    sql: `${parts.map((p, i) => `SELECT * FROM (SELECT c.id AS id FROM cases c WHERE ${p.sql}) r${i}`).join(' UNION ALL ')} LIMIT ${limit}`,
    params: parts.flatMap((p) => p.params),
  };
}

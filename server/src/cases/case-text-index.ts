import type { CaseStatus } from '@sansui/shared';
import type { Condition } from './case-list-sql';

/**
 * The search box's index (`case_text_grams`): which 1-, 2- and 3-character pieces of a case's description, address and
 * landmark occur in each block of CASE_TEXT_BLOCK consecutive case ids, and in cases of which statuses (`statuses`,
 * STATUS_BITS). Kept behind the writes, not inside them: the indexer (case-text-indexer.ts) fills whole blocks in order
 * and advances `case_text_index.blocks`, and reads again the cases a trigger lists in `case_text_changes` when one of
 * their texts or their status changed. A search trusts the index only below that watermark and for cases not listed as
 * changed; the rest is read with the plain LIKE, which stays the judge of every row. Pieces and status bits are only
 * ever added: an edit that drops a word, or a case that leaves a status, leaves them behind, which widens a search,
 * never narrows it.
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

/**
 * Each status's bit in `case_text_grams.statuses`, fixed (stored values keep their meaning when a status is added; one
 * without a bit here sets them all).
 */
export const STATUS_BITS: Readonly<Record<CaseStatus, number>> = {
  submitted: 1,
  accepted: 2,
  rejected: 4,
  merged: 8,
  dispatched: 16,
  in_progress: 32,
  resolved: 64,
  closed: 128,
};
const statusBit = (status: string): number => STATUS_BITS[status as CaseStatus] ?? -1;

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

/** A case's three texts and its status as read for the index. */
export interface CaseTexts {
  id: number | string;
  status: string;
  description: string | null;
  address: string | null;
  landmark: string | null;
}

/** The (piece, block, statuses) rows of these cases' texts, each piece once per block with the bits of its cases' statuses. */
export function blockPieces(cases: CaseTexts[]): [string, number, number][] {
  const byBlock = new Map<number, Map<string, number>>();
  for (const c of cases) {
    const block = Math.floor(Number(c.id) / CASE_TEXT_BLOCK);
    const pieces = byBlock.get(block) ?? new Map<string, number>();
    const own = new Set<string>();
    addTextPieces(own, c.description, c.address, c.landmark);
    const bit = statusBit(c.status);
    for (const gram of own) pieces.set(gram, (pieces.get(gram) ?? 0) | bit);
    byBlock.set(block, pieces);
  }
  return [...byBlock].flatMap(([block, pieces]) => [...pieces].map(([gram, bits]): [string, number, number] => [gram, block, bits]));
}

/**
 * The indexed blocks (below `blocks`) that hold every piece in a case of one of `statuses`, in order, each with the
 * statuses every piece occurs in (`s`: their bits ANDed). A block whose pieces are each in some case of a status may
 * still hold no case with the words: a candidate, judged by the LIKE. Each piece is its own join: two pieces equal
 * under MariaDB's collation would otherwise be counted once.
 */
export function candidateBlocksSql(pieces: string[], blocks: number, statuses: readonly CaseStatus[]): Condition {
  const [first, ...rest] = pieces;
  const joins = rest.map((_, i) => ` INNER JOIN case_text_grams g${i + 1} ON g${i + 1}.gram = ? AND g${i + 1}.block = g0.block`).join('');
  const bits = pieces.map((_, i) => `g${i}.statuses`).join(' & ');
  const mask = statuses.reduce((m, s) => m | statusBit(s), 0);
  return {
    sql: `SELECT g0.block AS block, ${bits} AS s FROM case_text_grams g0${joins} WHERE g0.gram = ? AND g0.block < ? AND (${bits} & ?) <> 0 ORDER BY g0.block`,
    params: [...rest, first, blocks, mask],
  };
}

/**
 * Which statuses the candidate blocks (`candidateBlocksSql`'s rows) prove few: those whose blocks, added from the
 * status with the fewest, stay within `cap` blocks in all; a status in no block is proved at no cost. The blocks to
 * read, in order; the rest of the statuses walk. `some` false: every status or none (as before the fifteenth round).
 */
export function provedStatuses(rows: unknown[][], statuses: readonly CaseStatus[], cap: number, some = true) {
  const blocksOf = statuses.map((status) => ({
    status,
    blocks: rows.filter((r) => (Number(r[1]) & statusBit(status)) !== 0).map((r) => Number(r[0])),
  }));
  blocksOf.sort((a, b) => a.blocks.length - b.blocks.length);
  const read = new Set<number>();
  const proved: CaseStatus[] = [];
  for (const { status, blocks } of blocksOf) {
    const more = blocks.filter((b) => !read.has(b));
    if (read.size + more.length > cap) break;
    for (const b of more) read.add(b);
    proved.push(status);
  }
  if (!some && proved.length < statuses.length) return { statuses: [], blocks: [] };
  return { statuses: proved, blocks: [...read].sort((a, b) => a - b) };
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
 * The ids of the cases of `statuses` whose text holds the words among: the candidate blocks (consecutive ones in one
 * primary key range), the ids from `tailFrom` on (above the watermark) and the changed cases not yet read again; at
 * most `limit`.
 */
export function wordMatchesSql(
  text: string,
  blocks: number[],
  tailFrom: number,
  changed: number[],
  limit: number,
  statuses: readonly CaseStatus[],
): Condition {
  const ranges: [number, number][] = [];
  for (const b of [...blocks, tailFrom / CASE_TEXT_BLOCK]) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === b * CASE_TEXT_BLOCK) last[1] += CASE_TEXT_BLOCK;
    else ranges.push([b * CASE_TEXT_BLOCK, (b + 1) * CASE_TEXT_BLOCK]);
  }
  const words = wordsLike(text);
  // `+`: the status is judged on the rows the key found; as an index term SQLite read (handlerUserId, status) instead.
  const like = { sql: `+c.status IN (${statuses.map(() => '?').join(', ')}) AND ${words.sql}`, params: [...statuses, ...words.params] };
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

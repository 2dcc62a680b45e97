import type { CaseStatus } from '@sansui/shared';
import type { Condition } from './case-list-sql';

/**
 * The search box's index (`case_text_grams`): which 1-, 2- and 3-character pieces of a case's description, address and
 * landmark occur in each block of CASE_TEXT_BLOCK consecutive case ids, in cases of which statuses (`statuses`,
 * STATUS_BITS) and in which of the block's runs of CASE_TEXT_RUN ids (`runs_0` … `runs_3`: a bit per run). Kept
 * behind the writes, not inside them: the indexer (case-text-indexer.ts) fills whole blocks in order and advances
 * `case_text_index.blocks`, and reads again the cases a trigger lists in `case_text_changes` when one of their texts or
 * their status changed. A search trusts the index only below that watermark and for cases not listed as changed; the
 * rest is read with the plain LIKE, which stays the judge of every row. Pieces, status and run bits are only ever
 * added: an edit that drops a word, or a case that leaves a status, leaves them behind, which widens a search, never
 * narrows it.
 */
export const CASE_TEXT_BLOCK = 1024;

/**
 * At most this many blocks' worth of ids (in runs) are read by key to find the words' cases; more, and the list walks
 * as before. 16 before the runs; with runs of 16 ids that let a word in 1 case of 300 (a house number on every road)
 * prove one status by reading ~800 runs (12,800 rows, +14 to +17 ms at 1M) where its walk finds a page about as soon.
 */
export const CASE_TEXT_SCAN_BLOCKS = 8;

/**
 * Ids per run: a block's 128 runs are four 32-bit columns (`runs_0` the first 32, …), whose ANDs stay exact numbers in
 * JS on both databases. A word in a few cases of every block (a road number) is in few runs, so its cases are read run
 * by run rather than block by block. 8 ids, not 16: pieces of the word that meet in different cases of a run make
 * false runs, about in proportion to the run's size (滨江路123号 at 1M: 1,183 runs of 16, 580 of 8, for 163 cases).
 */
export const CASE_TEXT_RUN = 8;
const RUNS_PER_COLUMN = 32;
const RUNS_PER_BLOCK = CASE_TEXT_BLOCK / CASE_TEXT_RUN;
/** A case's run is its id shifted right by this (CASE_TEXT_RUN = 2^RUN_SHIFT). */
const RUN_SHIFT = Math.log2(CASE_TEXT_RUN);
/** Longest `IN` list of runs in a walk's condition (walkedIdsCondition): MariaDB makes a subquery of 1,000. */
const RUN_LIST = 999;
/** The run columns, in order. */
export const RUN_COLUMNS = ['runs_0', 'runs_1', 'runs_2', 'runs_3'] as const;
/** Every run of a block set: what a block counts as when runs are not used (`LIST_TEXT_RUNS=0`). */
const ALL_RUNS = 0xffffffff;

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

/** One row of the index: piece, block, status bits, run bits (RUN_COLUMNS). */
export type PieceRow = [string, number, number, ...number[]];

/**
 * The index's rows of these cases' texts, each piece once per block with the bits of its cases' statuses and of the
 * runs they are in.
 */
export function blockPieces(cases: CaseTexts[]): PieceRow[] {
  const byBlock = new Map<number, Map<string, PieceRow>>();
  for (const c of cases) {
    const id = Number(c.id);
    const block = Math.floor(id / CASE_TEXT_BLOCK);
    const run = Math.floor((id % CASE_TEXT_BLOCK) / CASE_TEXT_RUN);
    const column = Math.floor(run / RUNS_PER_COLUMN);
    const runBit = (1 << (run % RUNS_PER_COLUMN)) >>> 0;
    const pieces = byBlock.get(block) ?? new Map<string, PieceRow>();
    const own = new Set<string>();
    addTextPieces(own, c.description, c.address, c.landmark);
    const bit = statusBit(c.status);
    for (const gram of own) {
      const row = pieces.get(gram);
      if (row) {
        row[2] |= bit;
        row[3 + column] = ((row[3 + column] as number) | runBit) >>> 0;
      } else pieces.set(gram, [gram, block, bit, ...RUN_COLUMNS.map((_, i) => (i === column ? runBit : 0))]);
    }
    byBlock.set(block, pieces);
  }
  return [...byBlock.values()].flatMap((pieces) => [...pieces.values()]);
}

/**
 * The indexed blocks (below `blocks`) that hold every piece in a case of one of `statuses` and in one run, in order,
 * each with the statuses every piece occurs in (`s`: their bits ANDed) and the runs (RUN_COLUMNS, ANDed likewise). A
 * run whose pieces are each in some case of a status may still hold no case with the words: a candidate, judged by the
 * LIKE. Each piece is its own join: two pieces equal under MariaDB's collation would otherwise be counted once.
 */
export function candidateBlocksSql(pieces: string[], blocks: number, statuses: readonly CaseStatus[]): Condition {
  const [first, ...rest] = pieces;
  const joins = rest.map((_, i) => ` INNER JOIN case_text_grams g${i + 1} ON g${i + 1}.gram = ? AND g${i + 1}.block = g0.block`).join('');
  const and = (column: string) => pieces.map((_, i) => `g${i}.${column}`).join(' & ');
  const mask = statuses.reduce((m, s) => m | statusBit(s), 0);
  return {
    sql:
      `SELECT g0.block AS block, ${and('statuses')} AS s, ${RUN_COLUMNS.map((c, i) => `${and(c)} AS r${i}`).join(', ')} FROM case_text_grams g0${joins}` +
      ` WHERE g0.gram = ? AND g0.block < ? AND (${and('statuses')} & ?) <> 0 AND (${RUN_COLUMNS.map((c) => `(${and(c)}) <> 0`).join(' OR ')}) ORDER BY g0.block`,
    params: [...rest, first, blocks, mask],
  };
}

const bitCount = (n: number): number => {
  let x = n >>> 0;
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/**
 * Which statuses the candidate blocks (`candidateBlocksSql`'s rows) prove few: those whose runs, added from the status
 * with the fewest, stay within `cap` runs in all; a status in no block is proved at no cost. The id ranges to read
 * (consecutive runs as one), in order; the rest of the statuses walk. `some` false: every status or none (as before
 * the fifteenth round). `runs` false: a candidate block counts, and is read, whole (as before the sixteenth round).
 */
export function provedStatuses(rows: unknown[][], statuses: readonly CaseStatus[], cap: number, some = true, runs = true) {
  const blocks = rows.map((r) => {
    const bits = RUN_COLUMNS.map((_, i) => (runs ? Number(r[2 + i]) >>> 0 : ALL_RUNS));
    return { block: Number(r[0]), s: Number(r[1]), bits, runs: bits.reduce((n, b) => n + bitCount(b), 0) };
  });
  const of = statuses.map((status) => {
    const mine = blocks.filter((b) => (b.s & statusBit(status)) !== 0);
    return { status, blocks: mine, runs: mine.reduce((n, b) => n + b.runs, 0) };
  });
  of.sort((a, b) => a.runs - b.runs);
  const read = new Set<(typeof blocks)[number]>();
  let runCount = 0;
  const proved: CaseStatus[] = [];
  for (const { status, blocks: mine } of of) {
    const more = mine.filter((b) => !read.has(b));
    const added = more.reduce((n, b) => n + b.runs, 0);
    if (runCount + added > cap) break;
    for (const b of more) read.add(b);
    runCount += added;
    proved.push(status);
  }
  if (!some && proved.length < statuses.length) return { statuses: [], ranges: [] };
  return { statuses: proved, ranges: runRanges([...read].sort((a, b) => a.block - b.block)) };
}

/**
 * At most this many candidate runs (of the statuses that walk) are handed to their walks: each walk then reads the row
 * (and judges the LIKE) only of index entries whose id is in one of them, the tail or the changed cases, an id check
 * both databases make on the walk's index entry (SQLite before its deferred seek, MariaDB as an index condition).
 * 路45号, a house number on every road (1 case in 300 of every status), is in ~2,400 runs at 1M cases: a walk reads
 * ~140 index entries' rows for its 21 matches where it read ~6,300. A word in more runs is common enough to be met soon.
 */
export const CASE_TEXT_WALK_RUNS = 4_096;

/**
 * The runs (each `id >> RUN_SHIFT`) of the candidate blocks (`candidateBlocksSql`'s rows) that hold every piece in a
 * case of one of `statuses`, in order; null past `cap`.
 */
export function walkedRuns(rows: unknown[][], statuses: readonly CaseStatus[], cap: number): number[] | null {
  const mask = statuses.reduce((m, s) => m | statusBit(s), 0);
  const runs: number[] = [];
  for (const r of rows) {
    if ((Number(r[1]) & mask) === 0) continue;
    const first = Number(r[0]) * RUNS_PER_BLOCK;
    for (let i = 0; i < RUN_COLUMNS.length; i++) for (const b of setBits(Number(r[2 + i]))) runs.push(first + i * RUNS_PER_COLUMN + b);
    if (runs.length > cap) return null;
  }
  return runs;
}

/** Whether the candidate blocks (`candidateBlocksSql`'s rows) hold more than `cap` runs of `statuses`, counted only that far. */
export function moreRunsThan(rows: unknown[][], statuses: readonly CaseStatus[], cap: number): boolean {
  const mask = statuses.reduce((m, s) => m | statusBit(s), 0);
  let runs = 0;
  for (const r of rows) {
    if ((Number(r[1]) & mask) === 0) continue;
    for (let i = 0; i < RUN_COLUMNS.length; i++) runs += bitCount(Number(r[2 + i]));
    if (runs > cap) return true;
  }
  return false;
}

/**
 * The ids a walked status's case with the words may have: in one of the candidate runs, from `tailFrom` on (above the
 * watermark) or changed since indexed. Written as literals (integers read from the index): a page's 8 walks each carry
 * the runs, 19,000 parameters for 2,400 runs, past what SQLite binds. `bitmap` (MariaDB): the runs as one string of
 * bits (runBitmapTest, its one parameter); `test`: such a bitmap made already (countedIdsCondition); otherwise in `IN` lists of at most RUN_LIST runs, one looked at per id (a CASE on the id picks
 * the list whose runs it falls among): MariaDB turns a list of 1,000 into a subquery, which it joins instead of checking
 * on the index entry, and each further list checked cost SQLite a lookup per index entry (five lists of 500: the count's
 * 5,001 entries 16 ms of CPU against 12 with no check at all).
 */
export function walkedIdsCondition(runs: number[], tailFrom: number, changed: number[], bitmap = false, test?: Condition): Condition {
  const parts: Condition[] = test ? [test] : [];
  if (runs.length > 0)
    parts.push(bitmap && bitmapBytes(runs) <= RUN_BITMAP_BYTES ? runBitmapTest(runs) : { sql: runListsTest(runs), params: [] });
  parts.push({ sql: `c.id >= ${Math.trunc(tailFrom)}`, params: [] });
  if (changed.length) parts.push({ sql: `c.id IN (${changed.map((id) => Math.trunc(id)).join(', ')})`, params: [] });
  return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
}

/** The candidate runs of some statuses as runBitmapTest's string: its bytes, the first one's place, the runs set in it. */
export interface RunBitmap {
  bytes: Buffer;
  first: number;
  runs: number;
}

/**
 * The runs of the candidate blocks (`candidateBlocksSql`'s rows) that hold every piece in a case of one of `statuses`,
 * as a bitmap (8 runs a byte, from the first run's byte to the last's); null when there is none. Written from the run
 * columns directly (a block's 128 runs are its 16 bytes, each column little-endian), not run by run: listing them
 * (walkedRuns) and setting their bits cost node ~1.3 ms a call for 路45号's 2,000 runs under the bench, ~13 ms for
 * 垃圾's 62,000.
 */
export function runBitmap(rows: unknown[][], statuses: readonly CaseStatus[]): RunBitmap | null {
  const mask = statuses.reduce((m, s) => m | statusBit(s), 0);
  const mine = rows.filter((r) => (Number(r[1]) & mask) !== 0);
  if (mine.length === 0) return null;
  const blockBytes = RUNS_PER_BLOCK / RUNS_PER_BYTE;
  const firstBlock = Number(mine[0][0]);
  const all = Buffer.alloc((Number(mine[mine.length - 1][0]) - firstBlock + 1) * blockBytes);
  let runs = 0;
  for (const r of mine) {
    const at = (Number(r[0]) - firstBlock) * blockBytes;
    for (let i = 0; i < RUN_COLUMNS.length; i++) {
      const column = Number(r[2 + i]) >>> 0;
      runs += bitCount(column);
      all.writeUInt32LE(column, at + i * (RUNS_PER_COLUMN / RUNS_PER_BYTE));
    }
  }
  let from = 0;
  while (from < all.length && all[from] === 0) from++;
  let to = all.length;
  while (to > from && all[to - 1] === 0) to--;
  return to === from ? null : { bytes: all.subarray(from, to), first: firstBlock * blockBytes + from, runs };
}

/**
 * walkedIdsCondition for a bitmap of runs (MariaDB), when it is within RUN_BITMAP_BYTES; null past it (the lists are
 * then the smaller statement).
 */
export function bitmapIdsCondition(bitmap: RunBitmap, tailFrom: number, changed: number[]): Condition | null {
  if (bitmap.bytes.length > RUN_BITMAP_BYTES) return null;
  return walkedIdsCondition([], tailFrom, changed, true, bitmapTest(bitmap.bytes, bitmap.first));
}

/**
 * For a count (MariaDB): the ids the words' cases of the walked statuses may have (runBitmap), when the words'
 * candidate runs are too many to hand to the walks (a common word: 垃圾, in 1 case of 12, is in ~62,000 runs of 8 ids
 * at 1M, half of them) yet at most COUNT_RUNS_SHARE of the ids between the first run and the last. The count judges
 * the words on its bounded rows (CASE_LIST_WORD_COUNT_ROWS) only where this lets the id through, reading those rows by
 * key, and takes the rest from an index alone: board + a department + 垃圾 read 2,679 rows where it read 5,001, each on
 * a page of its own (the department's cases are 1 id in 60), which a 128 MB buffer pool did not keep from one call to
 * the next. Null otherwise: the count reads every row, as before.
 */
export function countedIdsCondition(bitmap: RunBitmap | null, tailFrom: number, changed: number[]): Condition | null {
  if (!bitmap || bitmap.runs > bitmap.bytes.length * RUNS_PER_BYTE * COUNT_RUNS_SHARE) return null;
  return bitmapIdsCondition(bitmap, tailFrom, changed);
}

/** countedIdsCondition's bitmap is used while it lets through at most this share of the ids it spans. */
const COUNT_RUNS_SHARE = 0.75;

/** Whether `c.id` is in one of the (ordered) runs: `IN` lists of at most RUN_LIST runs, a CASE on the id picking one. */
function runListsTest(runs: number[]): string {
  const lists: string[] = [];
  for (let i = 0; i < runs.length; i += RUN_LIST) {
    const list = `(c.id >> ${RUN_SHIFT}) IN (${runs.slice(i, i + RUN_LIST).join(', ')})`;
    const next = runs[i + RUN_LIST];
    lists.push(next === undefined ? `ELSE ${list}` : `WHEN c.id < ${next * CASE_TEXT_RUN} THEN ${list}`);
  }
  return lists.length === 1 ? lists[0].slice('ELSE '.length) : `CASE ${lists.join(' ')} END`;
}

/** Runs per byte of runBitmapTest's string. */
const RUNS_PER_BYTE = 8;
/** A run's byte in runBitmapTest's string is the run shifted right by this, a case's its id shifted by BYTE_SHIFT. */
const RUN_BYTE_SHIFT = Math.log2(RUNS_PER_BYTE);
const BYTE_SHIFT = RUN_SHIFT + RUN_BYTE_SHIFT;

/**
 * The longest bitmap a walk carries (walkedIdsCondition): its size follows the ids between the first and the last run,
 * not the runs (the lists' size). 16 KB at 1M cases (the page of 8 walks ~260 KB of hex); up to ~2M ids between them
 * here, past that the lists (at most CASE_TEXT_WALK_RUNS runs) are the smaller statement.
 */
export const RUN_BITMAP_BYTES = 32 * 1024;

/** The bytes of runBitmapTest's string for these (ordered) runs. */
function bitmapBytes(runs: number[]): number {
  return (runs[runs.length - 1] >> RUN_BYTE_SHIFT) - (runs[0] >> RUN_BYTE_SHIFT) + 1;
}

/**
 * Whether `c.id` is in one of the (ordered) runs, on MariaDB: a bit per run from the first run's byte to the last's, as
 * one hex literal, and the id's bit picked out of it (`ASCII(SUBSTRING(…))`, an index condition like the `IN` lists).
 * MariaDB parses one token where it parsed an integer per run: the board + 路45号's page (6 walks × ~2,000 runs at 1M)
 * took 7–10 ms to parse and plan with the lists, 2–3 with the bitmap (~15 KB a walk), the same rows read. The bitmap is
 * the statement's parameter, a Buffer: mysql2 writes it as the same hex literal, but outside the text it scans for
 * placeholders (the page's 6–7 walks: ~190 KB of hex scanned a call, ~1 ms of node's CPU).
 */
function runBitmapTest(runs: number[]): Condition {
  const first = runs[0] >> RUN_BYTE_SHIFT;
  const bytes = Buffer.alloc(bitmapBytes(runs));
  for (const r of runs) bytes[(r >> RUN_BYTE_SHIFT) - first] |= 1 << (r % RUNS_PER_BYTE);
  return bitmapTest(bytes, first);
}

/** Whether `c.id`'s run has its bit set in `bytes`, whose first byte holds the runs of byte `first` (8 runs a byte). */
function bitmapTest(bytes: Buffer, first: number): Condition {
  // SUBSTRING counts from 1, and from the end below 1: the ids below the first byte's are out before it is asked.
  const byte = `ASCII(SUBSTRING(?, (c.id >> ${BYTE_SHIFT}) - ${first} + 1, 1))`;
  return {
    sql: `(c.id >= ${first * 2 ** BYTE_SHIFT} AND (${byte} & (1 << ((c.id >> ${RUN_SHIFT}) & ${RUNS_PER_BYTE - 1}))) <> 0)`,
    params: [bytes],
  };
}

/** The id ranges [from, to) of the blocks' set runs, in order, consecutive runs (also across blocks) as one range. */
function runRanges(blocks: { block: number; bits: number[] }[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const { block, bits } of blocks)
    for (let i = 0; i < bits.length; i++)
      for (const b of setBits(bits[i])) {
        const from = block * CASE_TEXT_BLOCK + (i * RUNS_PER_COLUMN + b) * CASE_TEXT_RUN;
        const last = ranges[ranges.length - 1];
        if (last && last[1] === from) last[1] += CASE_TEXT_RUN;
        else ranges.push([from, from + CASE_TEXT_RUN]);
      }
  return ranges;
}

/** The set bits of a 32-bit column, lowest first (a block's runs are mostly unset: 128 tests each were the list's JS cost). */
function setBits(n: number): number[] {
  const out: number[] = [];
  for (let x = n >>> 0; x !== 0; x = (x & (x - 1)) >>> 0) out.push(31 - Math.clz32(x & -x));
  return out;
}

/** The `LIKE` of the search box over the three columns, its parameters in order. */
export function wordsLike(text: string, alias = 'c'): Condition {
  const like = `%${text.replace(/[%_!]/g, (m) => `!${m}`)}%`;
  return {
    sql: `(${alias}.description LIKE ? ESCAPE '!' OR ${alias}.address LIKE ? ESCAPE '!' OR ${alias}.landmark LIKE ? ESCAPE '!')`,
    params: [like, like, like],
  };
}

/**
 * The ids of the cases of `statuses` whose text holds the words among: the candidate runs (`provedStatuses`' ranges),
 * the ids from `tailFrom` on (above the watermark) and the changed cases not yet read again; at most `limit`. The
 * ranges are a table of constants joined to the cases: each range read by the primary key (SQLite: a rowid range per
 * row; MariaDB: "range checked for each record" on PRIMARY). As an OR of ranges SQLite gathered the rowids first and
 * read every row again (32 ms for 854 ranges at 1M against 4 ms), and it nests one level per range (1,000 allowed).
 */
export function wordMatchesSql(
  text: string,
  ranges: [number, number][],
  tailFrom: number,
  changed: number[],
  limit: number,
  statuses: readonly CaseStatus[],
  mysql: boolean,
): Condition {
  const words = wordsLike(text);
  // `+`: the status is judged on the rows the key found; as an index term SQLite read (handlerUserId, status) instead.
  const like = { sql: `+c.status IN (${statuses.map(() => '?').join(', ')}) AND ${words.sql}`, params: [...statuses, ...words.params] };
  const parts: { from: string; where: Condition }[] = [];
  // The last range, when it ends at the watermark, joins the tail: open above.
  const joinsTail = ranges.length > 0 && ranges[ranges.length - 1][1] === tailFrom;
  const closed = joinsTail ? ranges.slice(0, -1) : ranges;
  const tail = joinsTail ? ranges[ranges.length - 1][0] : tailFrom;
  const cte = closed.length ? { sql: `WITH r (a, b) AS (VALUES ${closed.map(() => '(?, ?)').join(', ')}) `, params: closed.flat() } : null;
  if (cte)
    parts.push({
      from: `r INNER JOIN cases c${mysql ? ' FORCE INDEX (PRIMARY)' : ''} ON c.id >= r.a AND c.id < r.b`,
      where: like,
    });
  parts.push({ from: 'cases c', where: { sql: `c.id >= ? AND ${like.sql}`, params: [tail, ...like.params] } });
  if (changed.length)
    parts.push({
      from: 'cases c',
      where: { sql: `c.id IN (${changed.map(() => '?').join(', ')}) AND ${like.sql}`, params: [...changed, ...like.params] },
    });
  const union = parts.map((p, i) => `SELECT * FROM (SELECT c.id AS id FROM ${p.from} WHERE ${p.where.sql}) r${i}`).join(' UNION ALL ');
  return {
    sql: `${cte?.sql ?? ''}${union} LIMIT ${limit}`,
    params: [...(cte?.params ?? []), ...parts.flatMap((p) => p.where.params)],
  };
}

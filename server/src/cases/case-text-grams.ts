import type { Condition } from './case-list-sql';

/**
 * The search box's index (`case_text_grams`): which 1-, 2- and 3-character pieces of a case's description, address and
 * landmark occur in each block of CASE_TEXT_BLOCK consecutive case ids. Kept by triggers on `cases` (every writer of
 * the three columns goes through them), filled for existing cases by the CaseTextGrams migration. Pieces are only
 * ever added: an edit that drops a word leaves its pieces behind, which costs a wider candidate range, never a missed
 * case. The words' exact `LIKE` stays the judge; the index only says where no case can hold them.
 */
export const CASE_TEXT_BLOCK = 1024;

/** Text positions the triggers read pieces at (`text_positions` holds 1..this); a longer text marks its block. */
export const CASE_TEXT_POSITIONS = 1000;

/** The piece a block holds when one of its texts is longer than CASE_TEXT_POSITIONS: every search reads that block. */
export const CASE_TEXT_LONG = '....';

/** At most this many blocks are read by key to find the words' cases; more, and the list walks as before. */
export const CASE_TEXT_SCAN_BLOCKS = 16;

/** At most this many of the words' pieces are intersected (each one only narrows; short words have fewer). */
const MAX_PIECES = 8;

const isMysql = (type: string) => type === 'mysql' || type === 'mariadb';

/**
 * The pieces the words need: the words themselves up to 3 characters, else every 3-character piece (ASCII letters
 * lowered, as SQLite's LIKE and lower() fold them; MariaDB's collation folds the rest). Three characters, not two:
 * in Chinese text nearly every block holds each 2-character piece of 人民路灯, while 民路灯 is rare.
 */
export function textPieces(text: string): string[] {
  const chars = Array.from(text.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  if (chars.length <= 3) return [chars.join('')];
  const pieces = new Set<string>();
  for (let i = 0; i + 2 < chars.length && pieces.size < MAX_PIECES; i++) pieces.add(chars.slice(i, i + 3).join(''));
  return [...pieces];
}

/**
 * The blocks that hold every piece (or a text too long for the pieces), in order, at most `cap + 1`. Each piece is
 * its own condition: two pieces equal under MariaDB's collation would otherwise be counted once.
 */
export function candidateBlocksSql(pieces: string[], cap = CASE_TEXT_SCAN_BLOCKS): Condition {
  const [first, ...rest] = pieces;
  const also = rest.map(() => ' AND EXISTS (SELECT 1 FROM case_text_grams g WHERE g.gram = ? AND g.block = g0.block)').join('');
  return {
    sql: `SELECT b.block AS block FROM (SELECT g0.block AS block FROM case_text_grams g0 WHERE g0.gram = ?${also} UNION SELECT block FROM case_text_grams WHERE gram = ?) b ORDER BY b.block LIMIT ${cap + 1}`,
    params: [first, ...rest, CASE_TEXT_LONG],
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
 * The ids of the cases in these blocks whose text holds the words, read by primary key range (consecutive blocks in
 * one range), at most `limit`.
 */
export function blockMatchesSql(text: string, blocks: number[], limit: number): Condition {
  const ranges: [number, number][] = [];
  for (const b of blocks) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === b * CASE_TEXT_BLOCK) last[1] += CASE_TEXT_BLOCK;
    else ranges.push([b * CASE_TEXT_BLOCK, (b + 1) * CASE_TEXT_BLOCK]);
  }
  const like = wordsLike(text);
  return {
    sql: `${ranges.map((_, i) => `SELECT * FROM (SELECT c.id AS id FROM cases c WHERE c.id >= ? AND c.id < ? AND ${like.sql}) r${i}`).join(' UNION ALL ')} LIMIT ${limit}`,
    params: ranges.flatMap((r) => [...r, ...like.params]),
  };
}

/** The pieces of one case's three texts (the row's `NEW` values), as a SELECT of (gram, block) rows. */
function piecesOfNew(dbType: string): string {
  const mysql = isMysql(dbType);
  const block = mysql ? `NEW.id DIV ${CASE_TEXT_BLOCK}` : `NEW.id / ${CASE_TEXT_BLOCK}`;
  const texts = '(SELECT NEW.description AS v UNION ALL SELECT NEW.address UNION ALL SELECT NEW.landmark) t';
  const len = mysql ? 'CHAR_LENGTH(t.v)' : 'length(t.v)';
  const piece = (n: number) => (mysql ? `SUBSTRING(t.v, p.n, ${n})` : `lower(substr(t.v, p.n, ${n}))`);
  return [
    `SELECT ${piece(1)} AS gram, ${block} AS block FROM ${texts} JOIN text_positions p ON p.n <= ${len}`,
    `SELECT ${piece(2)}, ${block} FROM ${texts} JOIN text_positions p ON p.n < ${len}`,
    `SELECT ${piece(3)}, ${block} FROM ${texts} JOIN text_positions p ON p.n + 1 < ${len}`,
    `SELECT '${CASE_TEXT_LONG}', ${block} FROM ${texts} WHERE ${len} > ${CASE_TEXT_POSITIONS}`,
  ].join(' UNION ALL ');
}

/**
 * The two triggers that keep `case_text_grams` (as the CaseTextGrams migration writes them out): a new case's pieces,
 * and an edit's that changes one of the three texts (an address filled in, a description corrected).
 */
export function textGramTriggersSql(dbType: string): string[] {
  const insert = `${isMysql(dbType) ? 'INSERT IGNORE' : 'INSERT OR IGNORE'} INTO case_text_grams (gram, block) ${piecesOfNew(dbType)}`;
  if (isMysql(dbType)) {
    const changed = ['description', 'address', 'landmark'].map((c) => `NOT (BINARY NEW.${c} <=> BINARY OLD.${c})`).join(' OR ');
    return [
      // Before the roll-up's trigger: its upsert locks a row concurrent submissions share until the commit.
      `CREATE TRIGGER case_text_grams_new_case AFTER INSERT ON cases FOR EACH ROW PRECEDES case_day_figures_new_case ${insert}`,
      `CREATE TRIGGER case_text_grams_edit AFTER UPDATE ON cases FOR EACH ROW IF ${changed} THEN ${insert}; END IF`,
    ];
  }
  const changed = ['description', 'address', 'landmark'].map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ');
  return [
    `CREATE TRIGGER case_text_grams_new_case AFTER INSERT ON cases BEGIN ${insert}; END`,
    `CREATE TRIGGER case_text_grams_edit AFTER UPDATE OF description, address, landmark ON cases WHEN ${changed} BEGIN ${insert}; END`,
  ];
}

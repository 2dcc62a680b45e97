import { PHOTOS_BY_CASE_INDEX, PHOTOS_BY_REPORT_INDEX } from './photo.entity';
import type { PhotoCard } from './photos.service';

/**
 * Correlated subqueries on `photos` that other folders' statements carry, so a list page is one statement (one round
 * trip on MariaDB). MariaDB is told the index: for a correlated subquery it reads a small photos table whole.
 */

/** A case's thumbnail: the id of its first evidence or before photo (null without one), for a statement reading `caseId`. */
export function caseThumbSql(caseId: string, mysql: boolean): string {
  const hint = mysql ? ` FORCE INDEX (${PHOTOS_BY_CASE_INDEX})` : '';
  return `(SELECT MIN(photos.id) FROM photos${hint} WHERE photos.caseId = ${caseId} AND photos.role IN ('evidence', 'before'))`;
}

/** A report's photo cards as one JSON array of [id, caseId, role, contentCheck, width, height] (read by `reportCards`). */
export function reportCardsSql(reportId: string, mysql: boolean): string {
  const card = 'photos.id, photos.caseId, photos.role, photos.contentCheck, photos.width, photos.height';
  return mysql
    ? `(SELECT JSON_ARRAYAGG(JSON_ARRAY(${card})) FROM photos FORCE INDEX (${PHOTOS_BY_REPORT_INDEX}) WHERE photos.reportId = ${reportId})`
    : `(SELECT json_group_array(json_array(${card})) FROM photos WHERE photos.reportId = ${reportId})`;
}

type CardTuple = [number, number | null, PhotoCard['role'], PhotoCard['contentCheck'], number, number];

/**
 * The cards `reportCardsSql` read for this report, oldest first: SQLite answers JSON text (`[]` for none), mysql2 the
 * parsed array (NULL for none).
 */
export function reportCards(reportId: number, json: unknown): PhotoCard[] {
  if (json === null || json === undefined) return [];
  const tuples = (typeof json === 'string' ? JSON.parse(json) : json) as CardTuple[];
  return tuples
    .map(([id, caseId, role, contentCheck, width, height]) => ({ id, reportId, caseId, role, contentCheck, width, height }))
    .sort((a, b) => a.id - b.id);
}

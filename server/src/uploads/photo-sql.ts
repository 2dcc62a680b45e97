import { PHOTOS_BY_CASE_INDEX } from './photo.entity';

/**
 * Correlated subqueries on `photos` that other folders' statements carry, so a list page is one statement (one round
 * trip on MariaDB). MariaDB is told the index: for a correlated subquery it reads a small photos table whole.
 */

/** A case's thumbnail: the id of its first evidence or before photo (null without one), for a statement reading `caseId`. */
export function caseThumbSql(caseId: string, mysql: boolean): string {
  const hint = mysql ? ` FORCE INDEX (${PHOTOS_BY_CASE_INDEX})` : '';
  return `(SELECT MIN(photos.id) FROM photos${hint} WHERE photos.caseId = ${caseId} AND photos.role IN ('evidence', 'before'))`;
}

import type { EntityManager } from 'typeorm';

/** A Date as a raw-query parameter: mysql2 takes Date objects; SQLite stores UTC 'YYYY-MM-DD HH:MM:SS.SSS' text. */
export function sqlDate(em: EntityManager, d: Date): Date | string {
  const type = em.connection.options.type;
  return type === 'mysql' || type === 'mariadb' ? d : d.toISOString().replace('T', ' ').replace('Z', '');
}

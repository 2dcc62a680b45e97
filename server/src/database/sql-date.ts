import type { EntityManager } from 'typeorm';

/** A Date as a raw-query parameter: mysql2 takes Date objects; SQLite stores UTC 'YYYY-MM-DD HH:MM:SS.SSS' text. */
export function sqlDate(em: EntityManager, d: Date): Date | string {
  const type = em.connection.options.type;
  return type === 'mysql' || type === 'mariadb' ? d : d.toISOString().replace('T', ' ').replace('Z', '');
}

/** A datetime column as a raw query returns it: mysql2 answers a Date (the connection is UTC), SQLite the stored UTC text. */
export function readSqlDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

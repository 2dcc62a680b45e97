import type { DataSource } from 'typeorm';
import type { TableCache } from '../database/table-cache';
import { Department } from './department.entity';

/**
 * Every department by id order, from the TableCache (dropped whenever the departments table is written, in every
 * instance). For the hot paths (routing suggestions); the rows are shared, never mutate them.
 */
export function cachedDepartments(cache: TableCache, db: DataSource): Promise<Department[]> {
  return cache.get('departments:all', ['departments'], () => db.getRepository(Department).find({ order: { id: 'ASC' } }));
}

import type { DataSource } from 'typeorm';
import type { TableCache } from '../database/table-cache';
import { Category } from './category.entity';

/**
 * Every category by code, from the TableCache (dropped whenever the categories table is written, in
 * every instance). For the hot paths (report intake, routing); the rows are shared, never mutate them.
 */
export function categoryCatalogue(cache: TableCache, db: DataSource): Promise<ReadonlyMap<string, Category>> {
  return cache.get(
    'categories:all',
    ['categories'],
    async () => new Map((await db.getRepository(Category).find()).map((c) => [c.code, c])),
  );
}

/** One category by code (cached), or null. */
export async function cachedCategory(cache: TableCache, db: DataSource, code: string): Promise<Category | null> {
  return (await categoryCatalogue(cache, db)).get(code) ?? null;
}

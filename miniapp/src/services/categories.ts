import type { CategoryDto } from '@sansui/shared';
import { CATEGORY_CATALOGUE } from '@sansui/shared';
import { api } from '../api';
import { storage } from '../lib/storage';

let cache: CategoryDto[] | null = null;

/** 分类列表：服务端为准；取不到时用内置目录（离线也能先选） */
export async function loadCategories(): Promise<CategoryDto[]> {
  if (cache) return cache;
  try {
    const list = (await api.categories()).filter((c) => c.enabled !== false);
    list.sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
    cache = list;
    storage.set('categories', list);
    return list;
  } catch {
    return storage.get<CategoryDto[]>('categories') ?? CATEGORY_CATALOGUE.map((c) => ({ ...c, enabled: true }));
  }
}

export function categoryName(code: string, list?: CategoryDto[] | null): string {
  const found = (list ?? cache ?? []).find((c) => c.code === code) ?? CATEGORY_CATALOGUE.find((c) => c.code === code);
  return found?.name ?? '其他';
}

/** 最近用过的分类排在最前 */
const RECENT_KEY = 'recent-categories';

export function recentCategories(): string[] {
  return storage.get<string[]>(RECENT_KEY) ?? [];
}

export function rememberCategory(code: string): void {
  const list = [code, ...recentCategories().filter((c) => c !== code)].slice(0, 3);
  storage.set(RECENT_KEY, list);
}

export function orderByRecent<T extends { code: string }>(list: T[], recent: string[]): T[] {
  const rank = (code: string) => {
    const i = recent.indexOf(code);
    return i === -1 ? recent.length : i;
  };
  return list
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c.code) - rank(b.c.code) || a.i - b.i)
    .map((x) => x.c);
}

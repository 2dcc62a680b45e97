import type { CategoryDto, DepartmentDto } from '@sansui/shared';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { itemsOf } from '../components/PageState';

/** Departments and categories, loaded once per session for names in tables and filter options. */
let cache: Promise<{ departments: DepartmentDto[]; categories: CategoryDto[] }> | null = null;

export function loadDicts() {
  cache ??= Promise.all([
    api.get<DepartmentDto[] | { items: DepartmentDto[] }>('/departments'),
    api.get<CategoryDto[] | { items: CategoryDto[] }>('/categories'),
  ])
    .then(([d, c]) => ({ departments: itemsOf(d), categories: itemsOf(c) }))
    .catch((e) => {
      cache = null;
      throw e;
    });
  return cache;
}

export function resetDicts() {
  cache = null;
}

export function useDicts() {
  const [dicts, setDicts] = useState<{ departments: DepartmentDto[]; categories: CategoryDto[] }>({ departments: [], categories: [] });
  useEffect(() => {
    loadDicts().then(setDicts, () => undefined);
  }, []);
  const deptName = (id: number | null | undefined) => (id == null ? '—' : (dicts.departments.find((d) => d.id === id)?.name ?? `#${id}`));
  const catName = (code: string | null | undefined) => (code ? (dicts.categories.find((c) => c.code === code)?.name ?? code) : '—');
  return { ...dicts, deptName, catName };
}

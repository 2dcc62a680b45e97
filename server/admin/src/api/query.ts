/** List parameters ⇄ URL query strings (used for API calls and for filters kept in the page URL). */

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Drops empty values; keeps key order stable so URLs compare equal. */
export function toQueryString(params: QueryParams): string {
  const sp = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const v = params[key];
    if (v === undefined || v === null || v === '') continue;
    sp.set(key, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export interface FilterSpec {
  [key: string]: 'string' | 'number' | 'boolean';
}

export type FilterState<S extends FilterSpec> = {
  [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : string;
} & { page: number; pageSize: number };

/** Reads the filters a page declares from a URL query; unknown keys and bad values are ignored. */
export function readFilters<S extends FilterSpec>(search: string | URLSearchParams, spec: S, defaultPageSize = 20): FilterState<S> {
  const sp = typeof search === 'string' ? new URLSearchParams(search) : search;
  const out: Record<string, unknown> = {};
  for (const [key, type] of Object.entries(spec)) {
    const raw = sp.get(key);
    if (raw === null || raw === '') continue;
    if (type === 'number') {
      const n = Number(raw);
      if (Number.isFinite(n)) out[key] = n;
    } else if (type === 'boolean') {
      if (raw === 'true' || raw === 'false') out[key] = raw === 'true';
    } else out[key] = raw;
  }
  const page = Number(sp.get('page'));
  const pageSize = Number(sp.get('pageSize'));
  out.page = Number.isInteger(page) && page >= 1 ? page : 1;
  out.pageSize = Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 200 ? pageSize : defaultPageSize;
  return out as FilterState<S>;
}

/** Writes filters back to a query string; changing any filter but the page resets to page 1. */
export function writeFilters(current: QueryParams, patch: QueryParams, defaultPageSize = 20): URLSearchParams {
  const next: QueryParams = { ...current, ...patch };
  if (!('page' in patch)) next.page = 1;
  if (next.page === 1) delete next.page;
  if (next.pageSize === defaultPageSize) delete next.pageSize;
  return new URLSearchParams(toQueryString(next).slice(1));
}

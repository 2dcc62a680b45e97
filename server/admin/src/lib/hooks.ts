import type { Page } from '@sansui/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { reportError } from '../api/errors';
import { readFilters, writeFilters, type FilterSpec, type FilterState, type QueryParams } from '../api/query';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads one resource; reloads when `deps` change. `path` null skips loading. */
export function useFetch<T>(path: string | null, query?: QueryParams): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: !!path });
  const [tick, setTick] = useState(0);
  const key = path ? `${path}?${JSON.stringify(query ?? {})}` : null;
  useEffect(() => {
    if (!path) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api
      .get<T>(path, query, ctl.signal)
      .then((data) => setState({ data, loading: false }))
      .catch((error) => {
        if (ctl.signal.aborted) return;
        setState({ error, loading: false });
      });
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Filters kept in the page URL: read them, and change them (page resets to 1 on a new filter). */
export function useUrlFilters<S extends FilterSpec>(spec: S, defaultPageSize = 20) {
  const [sp, setSp] = useSearchParams();
  const filters = useMemo(() => readFilters(sp, spec, defaultPageSize), [sp, spec, defaultPageSize]);
  const setFilters = useCallback(
    (patch: QueryParams) => setSp((cur) => writeFilters(Object.fromEntries(cur.entries()), patch, defaultPageSize), { replace: false }),
    [setSp, defaultPageSize],
  );
  return [filters, setFilters] as const;
}

/**
 * A server-paged list whose filters live in the URL. `toQuery` maps the URL filters to API parameters when they
 * differ (e.g. a period of days → instants); page and pageSize are always sent.
 */
export function useServerList<T, S extends FilterSpec, P = Page<T>>(
  path: string,
  spec: S,
  extra: QueryParams = {},
  defaultPageSize = 20,
  uiOnly: string[] = [],
  toQuery?: (filters: FilterState<S>) => QueryParams,
) {
  const [filters, setFilters] = useUrlFilters(spec, defaultPageSize);
  const mapped = toQuery ? { ...toQuery(filters), page: filters.page, pageSize: filters.pageSize } : (filters as QueryParams);
  const query: QueryParams = { ...extra, ...mapped };
  for (const k of uiOnly) delete query[k];
  const res = useFetch<P>(path, query);
  return { ...res, filters: filters as FilterState<S>, setFilters };
}

/** Wraps an action: shows the error through the one adapter, returns whether it succeeded. */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const run = useCallback(async (key: string, fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(key);
    try {
      await fn();
      return true;
    } catch (err) {
      reportError(err);
      return false;
    } finally {
      if (mounted.current) setBusy(null);
    }
  }, []);
  return { busy, run };
}

/** Re-renders every `ms` so countdowns tick. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

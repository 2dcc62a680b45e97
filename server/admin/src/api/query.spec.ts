import { describe, expect, it } from 'vitest';
import { readFilters, toQueryString, writeFilters } from './query';

const SPEC = { status: 'string', departmentId: 'number', overdue: 'boolean' } as const;

describe('URL ⇄ filter state', () => {
  it('reads typed filters and ignores bad values', () => {
    const f = readFilters('?status=dispatched&departmentId=3&overdue=true&page=2&pageSize=50&junk=1', SPEC);
    expect(f).toEqual({ status: 'dispatched', departmentId: 3, overdue: true, page: 2, pageSize: 50 });
    const bad = readFilters('?departmentId=abc&overdue=yes&page=-1&pageSize=100000', SPEC);
    expect(bad).toEqual({ page: 1, pageSize: 20 });
  });

  it('round-trips through the URL', () => {
    const sp = writeFilters({}, { status: 'resolved', departmentId: 7, page: 3 });
    expect(readFilters(sp, SPEC)).toEqual({ status: 'resolved', departmentId: 7, page: 3, pageSize: 20 });
  });

  it('a new filter resets the page; clearing a filter removes it', () => {
    const sp = writeFilters({ status: 'resolved', page: '4' }, { departmentId: 2 });
    expect(sp.get('page')).toBeNull();
    expect(sp.get('departmentId')).toBe('2');
    const cleared = writeFilters(Object.fromEntries(sp.entries()), { status: undefined });
    expect(cleared.has('status')).toBe(false);
  });

  it('keeps default paging out of the URL', () => {
    expect(writeFilters({}, { page: 1, pageSize: 20 }).toString()).toBe('');
  });

  it('builds API query strings without empty values, in a stable order', () => {
    expect(toQueryString({ b: 2, a: 'x', c: '', d: undefined, e: null, f: false })).toBe('?a=x&b=2&f=false');
    expect(toQueryString({})).toBe('');
  });
});

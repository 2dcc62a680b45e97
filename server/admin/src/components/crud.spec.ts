import { describe, expect, it } from 'vitest';
import { readFilters } from '../api/query';
import { filterSpec } from './CrudPage';

describe('configuration list filters', () => {
  it('reads numeric selects as numbers and the rest as text from the URL', () => {
    const spec = filterSpec([
      { name: 'q', label: '用户名或姓名', type: 'search' },
      { name: 'role', label: '角色', type: 'select', options: [{ value: 'handler', label: '处置人员' }] },
      { name: 'departmentId', label: '部门', type: 'select', options: [{ value: 3, label: '环卫所' }] },
    ]);
    expect(spec).toEqual({ q: 'string', role: 'string', departmentId: 'number' });
    expect(readFilters('?q=%E5%91%A8&role=handler&departmentId=3&page=2', spec)).toEqual({
      q: '周',
      role: 'handler',
      departmentId: 3,
      page: 2,
      pageSize: 20,
    });
  });
  it('has no filters when a page declares none', () => {
    expect(filterSpec(undefined)).toEqual({});
  });
});

import { AppException } from './app-exception';
import { PageQueryDto } from '../dto/page-query.dto';
import { CaseListQueryDto } from '../../cases/dto/case-list-query.dto';
import { createValidationPipe } from './validation.pipe';

const asQuery = (metatype: new () => object) => ({ type: 'query' as const, metatype });

describe('the validation pipe on queries it has validated before', () => {
  it('answers the same converted values, in a DTO of its own each time', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ page: '2', pageSize: '50' }, asQuery(PageQueryDto))) as PageQueryDto;
    first.page = 99;
    const again = (await pipe.transform({ page: '2', pageSize: '50' }, asQuery(PageQueryDto))) as PageQueryDto;
    expect(again).toBeInstanceOf(PageQueryDto);
    expect(again).not.toBe(first);
    expect({ ...again }).toEqual({ page: 2, pageSize: 50 });
  });

  it('keeps queries of different DTOs apart', async () => {
    const pipe = createValidationPipe();
    const q = { overdue: 'true' };
    await expect(pipe.transform({ ...q }, asQuery(PageQueryDto))).rejects.toBeInstanceOf(AppException);
    const list = (await pipe.transform({ ...q }, asQuery(CaseListQueryDto))) as CaseListQueryDto;
    expect(list.overdue).toBe(true);
    await expect(pipe.transform({ ...q }, asQuery(PageQueryDto))).rejects.toBeInstanceOf(AppException);
  });

  it('refuses a bad query every time it comes, and still strips control characters', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 3; i++)
      await expect(pipe.transform({ pageSize: '1000' }, asQuery(PageQueryDto))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    for (let i = 0; i < 2; i++) {
      const list = (await pipe.transform({ q: 'ab\u0000c\u202e' }, asQuery(CaseListQueryDto))) as CaseListQueryDto;
      expect(list.q).toBe('abc');
    }
  });
});

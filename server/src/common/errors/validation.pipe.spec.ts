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

describe('the validation pipe says what is wrong in Chinese', () => {
  const refusal = async (query: Record<string, string>, metatype: new () => object) => {
    try {
      await createValidationPipe().transform(query, asQuery(metatype));
    } catch (e) {
      const body = (e as AppException).getResponse() as {
        code: string;
        message: string;
        details: { field: string; code: string; message: string }[];
      };
      return body;
    }
    throw new Error('the query was accepted');
  };

  it('names the limit a value broke, with the constraint code kept', async () => {
    const long = await refusal({ q: '垃'.repeat(101) }, CaseListQueryDto);
    expect(long).toMatchObject({ code: 'VALIDATION_FAILED', message: '参数 q 不能超过 100 个字' });
    expect(long.details).toEqual([{ field: 'q', code: 'maxLength', message: '参数 q 不能超过 100 个字' }]);
    expect((await refusal({ pageSize: '1000' }, PageQueryDto)).message).toMatch(/^参数 pageSize 不能大于 \d+$/);
    expect((await refusal({ page: '0' }, PageQueryDto)).message).toBe('参数 page 不能小于 1');
    expect((await refusal({ page: '1.5' }, PageQueryDto)).message).toBe('参数 page 必须是整数');
  });

  it('says which parameter it does not know', async () => {
    expect(await refusal({ words: '垃圾' }, CaseListQueryDto)).toMatchObject({
      message: '不认识的参数 words',
      details: [{ field: 'words', code: 'whitelistValidation', message: '不认识的参数 words' }],
    });
  });

  it('keeps a DTO’s own Chinese message and says the rest generically', async () => {
    const bad = await refusal({ overdue: 'maybe' }, CaseListQueryDto);
    expect(bad.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(bad.message).not.toMatch(/must|should/);
  });
});

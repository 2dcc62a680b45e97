import { caseProgressData, chinaTime, formatTemplateData } from './templates';

describe('subscription template data', () => {
  it('maps semantic fields to WeChat keywords, formats times in China time', () => {
    expect(
      formatTemplateData('case_progress', {
        category: '暴露垃圾',
        status: '已受理',
        time: new Date('2026-11-23T17:30:00Z'),
        note: '已交给环卫所',
      }),
    ).toEqual({
      thing1: '暴露垃圾',
      phrase2: '已受理',
      time3: '2026-11-24 01:30',
      thing4: '已交给环卫所',
    });
    expect(chinaTime(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01 08:00');
  });

  it('clips values to WeChat limits; phrase keeps at most five Chinese characters', () => {
    const out = formatTemplateData('case_progress', {
      note: '一二三四五六七八九十一二三四五六七八九十多余',
      status: '已交给责任部门 (OK)',
    });
    expect([...out.thing4]).toHaveLength(20);
    expect(out.thing4.endsWith('…')).toBe(true);
    expect(out.phrase2).toBe('已交给责任');
    expect(formatTemplateData('reward_notice', { amount: '2.00元', status: 'paid' })).toEqual({ amount1: '2.00元' });
  });

  it('refuses a field the template does not have', () => {
    expect(() => formatTemplateData('case_progress', { amount: '1' } as never)).toThrow(/no field amount/);
  });
});

describe('caseProgressData', () => {
  it('says where the problem is (the address, clipped to 20 characters); nothing while it is unknown', () => {
    const at = new Date('2026-11-23T00:00:00Z');
    const data = caseProgressData({ categoryName: '暴露垃圾', status: 'accepted', at, place: '西湖区北山街道 平海路47号附近' });
    expect(formatTemplateData('case_progress', data).thing5).toBe('西湖区北山街道 平海路47号附近');
    const long = formatTemplateData(
      'case_progress',
      caseProgressData({ categoryName: '暴露垃圾', status: 'accepted', place: '上城区湖滨街道 东坡路与平海路交叉口东南角12号附近' }),
    );
    expect([...long.thing5]).toHaveLength(20);
    expect(
      formatTemplateData('case_progress', caseProgressData({ categoryName: '暴露垃圾', status: 'accepted', place: null })),
    ).not.toHaveProperty('thing5');
  });

  it('gives a short status word and the resident label as the default note', () => {
    const at = new Date('2026-11-23T00:00:00Z');
    expect(formatTemplateData('case_progress', caseProgressData({ categoryName: '暴露垃圾', status: 'dispatched', at }))).toEqual({
      thing1: '暴露垃圾',
      phrase2: '已派遣',
      time3: '2026-11-23 08:00',
      thing4: '已交给责任部门',
    });
  });
});

import { formatCount, formatDateTime, formatFen, newestFirst, timeAgo } from '../format';
import { CLIENT_REQUEST_ID_PATTERN, newClientRequestId } from '../id';

describe('金额显示（整数分 → 元）', () => {
  it.each([
    [200, '¥2.00'],
    [0, '¥0.00'],
    [5, '¥0.05'],
    [10, '¥0.10'],
    [123456, '¥1234.56'],
    [-300, '-¥3.00'],
  ])('%i 分显示为 %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });
});

describe('时间与数字', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it.each([
    ['2026-11-23T09:59:40Z', '刚刚'],
    ['2026-11-23T09:55:00Z', '5 分钟前'],
    ['2026-11-23T07:00:00Z', '3 小时前'],
    ['2026-11-21T10:00:00Z', '2 天前'],
    ['2026-09-01T10:00:00Z', '2026年9月1日'],
  ])('%s → %s', (iso, text) => {
    expect(timeAgo(iso, now)).toBe(text);
  });

  it('按北京时间显示日期时间', () => {
    expect(formatDateTime('2026-11-23T06:05:00Z')).toBe('11月23日 14:05');
  });

  it('大数字缩写成万', () => {
    expect(formatCount(2430)).toBe('2430');
    expect(formatCount(12345)).toBe('1.2万');
    expect(formatCount(undefined)).toBe('—');
  });
});

describe('clientRequestId', () => {
  it('满足契约格式，且每份草稿不同', () => {
    const a = newClientRequestId();
    const b = newClientRequestId();
    expect(a).toMatch(CLIENT_REQUEST_ID_PATTERN);
    expect(a).not.toBe(b);
  });
});

describe('newestFirst', () => {
  it('puts the latest entry first and keeps the server order for entries of the same second, reversed', () => {
    const sameSecond = '2026-11-23T08:00:00.000Z';
    const list = [
      { at: '2026-11-23T07:00:00.000Z', what: '已提交' },
      { at: sameSecond, what: '已受理' },
      { at: sameSecond, what: '已派遣' },
    ];
    expect(newestFirst(list).map((e) => e.what)).toEqual(['已派遣', '已受理', '已提交']);
    expect(list[0].what).toBe('已提交');
  });
});

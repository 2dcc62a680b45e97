import { isPureRed, parseSimCode, simOpenid, simTextVerdict } from './simulator-rules';

describe('WeChat simulator rules', () => {
  it('derives the same openid from the same name, a different one from another name or app', () => {
    const a = simOpenid('wx1', 'alice');
    expect(a).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(simOpenid('wx1', 'alice')).toBe(a);
    expect(simOpenid('wx1', 'bob')).not.toBe(a);
    expect(simOpenid('wx2', 'alice')).not.toBe(a);
  });

  it('parses sim codes; a nonce makes a code single-use', () => {
    expect(parseSimCode('sim:alice')).toEqual({ name: 'alice', singleUse: false });
    expect(parseSimCode('sim:alice#x1')).toEqual({ name: 'alice', singleUse: true });
    expect(parseSimCode('alice')).toBeNull();
    expect(parseSimCode('sim:')).toBeNull();
    expect(parseSimCode('sim:a b')).toBeNull();
  });

  it('finds banned and review words', () => {
    expect(simTextVerdict('路边有人聚众赌博').suggest).toBe('risky');
    expect(simTextVerdict('这个话题有点敏感').suggest).toBe('review');
    expect(simTextVerdict('垃圾桶满了')).toEqual({ suggest: 'pass', label: 100 });
  });

  it('detects a pure red corner', () => {
    const px = (r: number, g: number, b: number) => Buffer.from(Array.from({ length: 64 }, () => [r, g, b]).flat());
    expect(isPureRed(px(255, 0, 0), 3)).toBe(true);
    expect(isPureRed(px(200, 0, 0), 3)).toBe(false);
    expect(isPureRed(px(255, 60, 0), 3)).toBe(false);
    expect(isPureRed(Buffer.alloc(0), 3)).toBe(false);
  });
});

import { placeText } from './place-text';

describe('placeText', () => {
  it('reads the address, else near the landmark, else nothing (never coordinates)', () => {
    expect(placeText({ address: '西湖区北山街道 平海路47号附近', landmark: '保俶塔' })).toBe('西湖区北山街道 平海路47号附近');
    expect(placeText({ address: null, landmark: '保俶塔' })).toBe('保俶塔附近');
    expect(placeText({ address: null, landmark: null })).toBeNull();
    expect(placeText({ address: null })).toBeNull();
  });
});

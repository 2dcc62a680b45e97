import { loginErrorCode } from './wechat-login.client';

describe('jscode2session errcodes', () => {
  it.each([
    [40029, 'WECHAT_CODE_INVALID'],
    [40163, 'WECHAT_CODE_USED'],
    [45011, 'WECHAT_RATE_LIMITED'],
    [40226, 'WECHAT_USER_RISKY'],
    [-1, 'WECHAT_UNAVAILABLE'],
    [40125, 'WECHAT_UNAVAILABLE'],
    [40013, 'WECHAT_UNAVAILABLE'],
  ])('%i → %s', (errcode, code) => {
    expect(loginErrorCode(errcode)).toBe(code);
  });
});

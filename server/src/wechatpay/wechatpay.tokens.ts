/** Injection token of the loaded WeChat Pay keys (WechatpayKeys). */
export const WECHATPAY_KEYS = Symbol('WECHATPAY_KEYS');

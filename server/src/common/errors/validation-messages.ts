/**
 * class-validator's own messages are English ("q must be shorter than or equal to 100 characters"). A decorator may
 * carry a Chinese `message`; for the others the constraint's code and the number in its English text say the same in
 * Chinese, so every field of a VALIDATION_FAILED answer reads in Chinese. Codes not listed keep the generic sentence.
 */
const firstNumber = (text: string): string | undefined => /(-?\d+(?:\.\d+)?)/.exec(text)?.[1];

const SENTENCES: Record<string, (field: string, english: string) => string> = {
  whitelistValidation: (f) => `不认识的参数 ${f}`,
  isDefined: (f) => `缺少参数 ${f}`,
  isNotEmpty: (f) => `参数 ${f} 不能为空`,
  arrayNotEmpty: (f) => `参数 ${f} 不能为空`,
  maxLength: (f, e) => `参数 ${f} 不能超过 ${firstNumber(e)} 个字`,
  minLength: (f, e) => `参数 ${f} 至少要 ${firstNumber(e)} 个字`,
  max: (f, e) => `参数 ${f} 不能大于 ${firstNumber(e)}`,
  min: (f, e) => `参数 ${f} 不能小于 ${firstNumber(e)}`,
  arrayMaxSize: (f, e) => `参数 ${f} 最多 ${firstNumber(e)} 项`,
  arrayMinSize: (f, e) => `参数 ${f} 至少 ${firstNumber(e)} 项`,
  isInt: (f) => `参数 ${f} 必须是整数`,
  isNumber: (f) => `参数 ${f} 必须是数字`,
  isPositive: (f) => `参数 ${f} 必须是正数`,
  isBoolean: (f) => `参数 ${f} 必须是 true 或 false`,
  isString: (f) => `参数 ${f} 必须是文字`,
  isArray: (f) => `参数 ${f} 必须是列表`,
  isObject: (f) => `参数 ${f} 必须是对象`,
  isIn: (f) => `参数 ${f} 不是允许的取值`,
  isEnum: (f) => `参数 ${f} 不是允许的取值`,
  isIso8601: (f) => `参数 ${f} 必须是 ISO 8601 格式的时间`,
  isDateString: (f) => `参数 ${f} 必须是 ISO 8601 格式的时间`,
  isLatitude: (f) => `参数 ${f} 必须是纬度（-90 到 90）`,
  isLongitude: (f) => `参数 ${f} 必须是经度（-180 到 180）`,
};

const CHINESE = /[\u4e00-\u9fa5]/;

/** The message of one failed constraint as the user reads it: the decorator's own if Chinese, else said in Chinese. */
export function chineseValidationMessage(field: string, code: string, message: string): string {
  if (CHINESE.test(message)) return message;
  return SENTENCES[code]?.(field, message) ?? `参数 ${field} 不符合要求`;
}

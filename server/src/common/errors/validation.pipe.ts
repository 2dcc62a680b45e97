import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { sanitizeStrings } from '../http/text-sanitizer';
import { AppException } from './app-exception';

/** Validation after stripping control characters from every text the client sent (body, query, path). */
class SanitizingValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') value = sanitizeStrings(value);
    return super.transform(value, metadata);
  }
}

function flatten(errors: ValidationError[], parent = ''): { field: string; code: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([code, message]) => ({ field, code, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Global validation: whitelisting, transformation, and one 400 VALIDATION_FAILED envelope whose message
 * names the first bad field in Chinese. DTOs may carry a Chinese `message` on a decorator; by default
 * the field name is shown.
 */
export function createValidationPipe(): ValidationPipe {
  return new SanitizingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const first = details[0];
      const message = first && /[\u4e00-\u9fa5]/.test(first.message) ? first.message : `参数 ${first?.field ?? ''} 不符合要求`;
      return new AppException('VALIDATION_FAILED', message, details);
    },
  });
}

import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { sanitizeStrings } from '../http/text-sanitizer';
import { AppException } from './app-exception';
import { chineseValidationMessage } from './validation-messages';

/** Validated query objects kept (per process); past this many the memo starts over. */
export const QUERY_MEMO_MAX = 5_000;

/** A copy of a validated query DTO that a handler may change without changing the memo. */
function copyOf<T extends object>(dto: T): T {
  const copy = Object.create(Object.getPrototypeOf(dto) as object) as Record<string, unknown>;
  for (const [key, v] of Object.entries(dto)) copy[key] = Array.isArray(v) ? [...v] : v instanceof Date ? new Date(v) : v;
  return copy as T;
}

/** A body DTO class that can make the DTO of a body its decorators accept by itself (`undefined`: not sure, validate). */
interface BodyShortcut {
  fromValidBody(body: unknown): object | undefined;
}

const hasBodyShortcut = (metatype: unknown): metatype is BodyShortcut =>
  typeof (metatype as Partial<BodyShortcut> | undefined)?.fromValidBody === 'function';

/** Validation after stripping control characters from every text the client sent (body, query, path). */
class SanitizingValidationPipe extends ValidationPipe {
  /**
   * Query DTOs validated before, by class and query text. Validation of a query is a function of its text only
   * (no validator reads time or state), list screens send the same few queries again and again, and
   * class-transformer + class-validator cost about as much CPU as the whole rest of a light GET. Refusals are
   * not kept: they are validated (and answered) each time.
   */
  private readonly queries = new Map<NonNullable<ArgumentMetadata['metatype']>, Map<string, object>>();
  private queryCount = 0;

  override async transform(value: unknown, metadata: ArgumentMetadata) {
    const metatype = metadata.metatype;
    if (metadata.type === 'body' && hasBodyShortcut(metatype)) {
      const body = sanitizeStrings(value);
      return metatype.fromValidBody(body) ?? super.transform(body, metadata);
    }
    if (metadata.type !== 'query' || !metatype || !this.toValidate(metadata) || value === null || typeof value !== 'object')
      return super.transform(
        metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param' ? sanitizeStrings(value) : value,
        metadata,
      );
    const key = JSON.stringify(value);
    const hit = this.queries.get(metatype)?.get(key);
    if (hit) return copyOf(hit);
    const dto: unknown = await super.transform(sanitizeStrings(value), metadata);
    if (dto !== null && typeof dto === 'object') {
      if (this.queryCount >= QUERY_MEMO_MAX) {
        this.queries.clear();
        this.queryCount = 0;
      }
      let ofType = this.queries.get(metatype);
      if (!ofType) this.queries.set(metatype, (ofType = new Map()));
      ofType.set(key, copyOf(dto));
      this.queryCount++;
    }
    return dto;
  }

  /** Entries in the query memo (the bounds spec reads it). */
  get memoSize(): number {
    return [...this.queries.values()].reduce((n, m) => n + m.size, 0);
  }
}

function flatten(errors: ValidationError[], parent = ''): { field: string; code: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([code, message]) => ({
      field,
      code,
      message: chineseValidationMessage(field, code, message),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Global validation: whitelisting, transformation, and one 400 VALIDATION_FAILED envelope whose message
 * names the first bad field in Chinese. DTOs may carry a Chinese `message` on a decorator; the others are said in
 * Chinese from the constraint (validation-messages.ts).
 */
export function createValidationPipe(): ValidationPipe & { readonly memoSize: number } {
  return new SanitizingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const first = details[0];
      const message = first?.message ?? '提交的内容不符合要求';
      return new AppException('VALIDATION_FAILED', message, details);
    },
  });
}

import { QUARTER_PATTERN } from '@sansui/shared';
import { AppException } from '../common/errors/app-exception';

/** The three months (YYYY-MM) of a quarter `YYYY-Qn`; QUARTER_INVALID otherwise. */
export function quarterMonths(quarter: string | undefined): string[] {
  const m = QUARTER_PATTERN.exec(quarter ?? '');
  if (!m) throw new AppException('QUARTER_INVALID');
  return [0, 1, 2].map((i) => `${m[1]}-${String((Number(m[2]) - 1) * 3 + i + 1).padStart(2, '0')}`);
}

import { chinaDay, chinaDayRange, chinaDayStart } from '@sansui/shared';
import { DatePicker } from 'antd';
import dayjs from 'dayjs';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A date range kept in the URL as from/to (YYYY-MM-DD). Default: the last 30 days, as days in China: between
 * 16:00 and 24:00 UTC a browser on UTC is still on yesterday, and today's cases would fall outside.
 */
export function defaultPeriod(from?: string, to?: string, now = new Date()): { from: string; to: string } {
  return {
    from: from ?? chinaDay(new Date(now.getTime() - 29 * DAY_MS)),
    to: to ?? chinaDay(now),
  };
}

export function PeriodPicker({ from, to, onChange }: { from: string; to: string; onChange(from: string, to: string): void }) {
  return (
    <DatePicker.RangePicker
      value={[dayjs(from), dayjs(to)]}
      allowClear={false}
      onChange={(v) => v && v[0] && v[1] && onChange(v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD'))}
    />
  );
}

/** Period as the API wants it: from the start of `from` to the end of `to`, Beijing time. */
export function periodQuery(from: string, to: string) {
  return { from: chinaDayStart(from).toISOString(), to: new Date(chinaDayRange(chinaDayStart(to))[1].getTime() - 1).toISOString() };
}

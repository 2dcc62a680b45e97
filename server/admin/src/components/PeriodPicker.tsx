import { chinaDayRange, chinaDayStart } from '@sansui/shared';
import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A date range kept in the URL as from/to (YYYY-MM-DD). Default: the last 30 days. */
export function defaultPeriod(from?: string, to?: string): { from: string; to: string } {
  return {
    from: from ?? dayjs().subtract(29, 'day').format('YYYY-MM-DD'),
    to: to ?? dayjs().format('YYYY-MM-DD'),
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

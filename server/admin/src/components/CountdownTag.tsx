import { Tag } from 'antd';
import { countdown, formatMinutesLeft } from '../lib/countdown';
import { useNow } from '../lib/hooks';

export function CountdownTag({
  deadline,
  minutesLeft,
  slaHours,
}: {
  deadline?: string | null;
  minutesLeft?: number | null;
  slaHours?: number;
}) {
  const now = useNow();
  const c =
    deadline != null
      ? countdown(deadline, now, slaHours)
      : minutesLeft != null
        ? {
            text: formatMinutesLeft(minutesLeft),
            overdue: minutesLeft < 0,
            urgent: minutesLeft >= 0 && minutesLeft < 60,
            minutes: minutesLeft,
          }
        : null;
  if (!c) return <span>—</span>;
  return (
    <Tag color={c.overdue ? 'red' : c.urgent ? 'orange' : 'blue'} data-overdue={c.overdue}>
      {c.text}
    </Tag>
  );
}

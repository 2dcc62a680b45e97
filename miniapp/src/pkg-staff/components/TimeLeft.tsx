import { Text } from '@tarojs/components';
import { remainingText } from '../lib/queue';

/** 剩余时间；超期的红色 */
export function TimeLeft({ minutes, overdue }: { minutes: number | null; overdue: boolean }) {
  return (
    <Text className={`time-left ${overdue ? 'time-left--overdue' : ''}`} data-testid="time-left" data-overdue={overdue ? '1' : '0'}>
      {remainingText(minutes)}
    </Text>
  );
}

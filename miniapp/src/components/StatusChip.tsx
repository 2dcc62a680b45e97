import { Text } from '@tarojs/components';
import type { Tone } from '../lib/status';

export function StatusChip({ label, tone }: { label: string; tone: Tone }) {
  return <Text className={`chip chip--${tone}`}>{label}</Text>;
}

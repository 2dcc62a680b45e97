import { View } from '@tarojs/components';
import { Pressable } from '../../platform/Pressable';

export interface Choice<T> {
  value: T;
  text: string;
  testid?: string;
}

/** 一组单选项（读屏软件读作单选组）：点一项即选中它 */
export function ChoiceRow<T extends string | number>({
  label,
  choices,
  value,
  onChange,
  list,
}: {
  /** 读出的组名 */
  label: string;
  choices: Choice<T>[];
  value: T | null | undefined;
  onChange: (value: T) => void;
  /** 每项一行（长的选项） */
  list?: boolean;
}) {
  return (
    <View className={list ? 'choice-row choice-list' : 'choice-row'} role="radiogroup" aria-label={label}>
      {choices.map((c) => (
        <Pressable
          as="text"
          key={c.value}
          className={`choice ${value === c.value ? 'choice--on' : ''}`}
          role="radio"
          checked={value === c.value}
          onClick={() => onChange(c.value)}
          data-testid={c.testid}
        >
          {c.text}
        </Pressable>
      ))}
    </View>
  );
}

import { View } from '@tarojs/components';
import type { ReactNode } from 'react';

interface Props {
  /** 加载失败时的说明，空串表示没有出错 */
  error: string;
  /** null：还在加载 */
  items: readonly unknown[] | null;
  /** 列表为空时显示的话 */
  empty: ReactNode;
  emptyTestId: string;
}

/** 工作台列表页的开头：加载失败的说明、加载中、空列表时的提示（督办通知、通知、待办、检查发现共用） */
export function ListStatus({ error, items, empty, emptyTestId }: Props) {
  return (
    <>
      {error ? <View className="card error-text">{error}</View> : null}
      {items === null && !error ? (
        <View className="muted" style={{ textAlign: 'center', marginTop: '40px' }}>
          加载中…
        </View>
      ) : null}
      {items && items.length === 0 ? (
        <View className="empty" data-testid={emptyTestId}>
          {empty}
        </View>
      ) : null}
    </>
  );
}

import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';

/** Loading, error and empty states in one place; renders children when there is data. */
export function PageState(props: {
  loading: boolean;
  error: unknown;
  empty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  if (props.error)
    return (
      <Alert
        type="error"
        showIcon
        message="加载失败"
        description={errorMessage(props.error)}
        action={props.onRetry ? <Button onClick={props.onRetry}>重试</Button> : undefined}
        data-testid="page-error"
      />
    );
  if (props.loading && props.empty !== false)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin tip="加载中…">
          <div style={{ minHeight: 40 }} />
        </Spin>
      </div>
    );
  if (props.empty) return <Empty description={props.emptyText ?? '暂无数据'} />;
  return <>{props.children}</>;
}

/** Lists from the server may come as a page or a bare array. */
export function itemsOf<T>(data: T[] | { items: T[] } | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : (data.items ?? []);
}

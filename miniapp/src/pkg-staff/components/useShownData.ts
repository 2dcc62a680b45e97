import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { errorMessage } from '../../api';

/**
 * 工作台页面的数据：每次页面显示、下拉刷新时重新取；失败时给出中文说明，下次成功后清掉。
 * data 为 null 表示还在加载。reload 给页面里的操作（标记已读、提交回复之后）用，fail 显示操作失败的说明。
 */
export function useShownData<T>(fetch: () => Promise<T>): {
  data: T | null;
  error: string;
  reload: () => Promise<void>;
  fail: (err: unknown) => void;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const latest = useRef(fetch);
  latest.current = fetch;
  const reload = async () => {
    try {
      setData(await latest.current());
      setError('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useDidShow(() => void reload());
  usePullDownRefresh(() => void reload());
  return { data, error, reload, fail: (err) => setError(errorMessage(err)) };
}

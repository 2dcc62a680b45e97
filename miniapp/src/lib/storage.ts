import Taro from '@tarojs/taro';

const PREFIX = 'sansui:';

/** 本地存储（JSON），小程序和 H5 通用 */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): void;
  remove(key: string): void;
}

export const storage: KeyValueStore = {
  get<T>(key: string): T | undefined {
    try {
      const raw = Taro.getStorageSync(PREFIX + key);
      if (raw === '' || raw === undefined || raw === null) return undefined;
      return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;
    } catch {
      return undefined;
    }
  },
  set<T>(key: string, value: T): void {
    try {
      Taro.setStorageSync(PREFIX + key, JSON.stringify(value));
    } catch {
      // 存储满了也不能让页面崩溃
    }
  },
  remove(key: string): void {
    try {
      Taro.removeStorageSync(PREFIX + key);
    } catch {
      /* ignore */
    }
  },
};

/** 测试用的内存存储 */
export function memoryStore(): KeyValueStore & { dump(): Record<string, string> } {
  const data = new Map<string, string>();
  return {
    get: <T>(key: string) => (data.has(key) ? (JSON.parse(data.get(key)!) as T) : undefined),
    set: (key, value) => void data.set(key, JSON.stringify(value)),
    remove: (key) => void data.delete(key),
    dump: () => Object.fromEntries(data),
  };
}

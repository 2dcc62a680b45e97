import { useEffect, useState } from 'react';
import { storage } from '../lib/storage';

/** 大字模式：为老年居民放大文字，保存在本地 */
const KEY = 'large-text';
const listeners = new Set<(on: boolean) => void>();
let value: boolean | undefined;

export function isLargeText(): boolean {
  if (value === undefined) value = storage.get<boolean>(KEY) === true;
  return value;
}

export function setLargeText(on: boolean): void {
  value = on;
  storage.set(KEY, on);
  listeners.forEach((l) => l(on));
}

export function useLargeText(): boolean {
  const [on, setOn] = useState(isLargeText());
  useEffect(() => {
    const l = (v: boolean) => setOn(v);
    listeners.add(l);
    setOn(isLargeText());
    return () => {
      listeners.delete(l);
    };
  }, []);
  return on;
}

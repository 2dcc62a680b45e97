import { View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useLargeText } from '../services/settings';
import { PrivacyPopup } from './PrivacyPopup';

/** 每个页面的外壳：大字模式、隐私弹窗 */
export function PageShell({ children, className }: { children: ReactNode; className?: string }) {
  const large = useLargeText();
  return (
    <View className={`page ${large ? 'page--large' : ''} ${className ?? ''}`} data-large={large ? '1' : '0'}>
      {children}
      <PrivacyPopup />
    </View>
  );
}

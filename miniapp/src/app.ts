import { useDidShow, useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { labelTaroControls } from './platform/h5-controls';
import { labelNavigationBar, whenNavigationBarReady } from './platform/h5-navigation-bar';
import { labelPageContainers } from './platform/h5-page-container';
import { outbox, startOutbox } from './services/outbox';
import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // 上次没发出去的草稿：启动后自动重试
    startOutbox();
    if (process.env.TARO_ENV === 'h5') {
      labelTaroControls();
      whenNavigationBarReady(() => {
        labelNavigationBar();
        labelPageContainers();
      });
    }
  });
  useDidShow(() => {
    // 回到前台：立即重试没发出去的草稿
    void outbox.flush(true);
  });
  return children;
}

export default App;

import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import './styles.css';
import { AuthProvider } from './auth';

/**
 * Colours that meet WCAG AA contrast (axe-core checks them in the browser tests): a darker blue than antd's
 * default #1677ff (white on it was 4.0:1, blue text on the selected menu item 3.6:1) and secondary / grey text
 * at 62 % black instead of 45 % (3.4:1 on white). Tag colours: styles.css.
 */
const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    // Links take antd's info blue (#1677ff, 4.1:1 on white) unless told otherwise.
    colorLink: '#0958d9',
    // Danger links and error text: antd's #ff4d4f is 3.3:1 on white.
    colorError: '#cf1322',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    // Filters show their name as the placeholder, so it must be readable too.
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
};

dayjs.locale('zh-cn');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={THEME}>
      <AntApp>
        <BrowserRouter basename="/admin">
          <AuthProvider>
            <App />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);

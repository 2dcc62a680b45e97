import { PAGE_TITLE_ID } from './h5-page-container';

/**
 * H5：Taro 画的导航栏（标题、返回、回首页）由几个 div 组成，没有按钮角色和名称，键盘也按不到。
 * 在这里补上 role、aria-label 和 tabindex，并让回车 / 空格等同点击。只在 H5 构建里调用。
 */
const BUTTONS: [selector: string, label: string][] = [
  ['.taro-navigation-bar-back', '返回'],
  ['.taro-navigation-bar-home', '回到首页'],
];

export function labelNavigationBar(doc: Document = document): boolean {
  const bar = doc.getElementById('taro-navigation-bar');
  if (!bar) return false;
  bar.setAttribute('role', 'banner');
  for (const [selector, label] of BUTTONS) {
    const el = bar.querySelector<HTMLElement>(selector);
    if (!el || el.getAttribute('role') === 'button') continue;
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', label);
    el.setAttribute('tabindex', '0');
    el.querySelector('svg')?.setAttribute('aria-hidden', 'true');
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        el.click();
      }
    });
  }
  const title = bar.querySelector('.taro-navigation-bar-title');
  title?.setAttribute('role', 'heading');
  title?.setAttribute('aria-level', '1');
  // 页面容器（h5-page-container）以当前标题命名
  if (title) title.id = PAGE_TITLE_ID;
  bar.querySelector('.taro-navigation-bar-loading svg')?.setAttribute('aria-hidden', 'true');
  return true;
}

/** 导航栏由路由在挂载应用时插入：已经有了就马上做，否则等它出现 */
export function whenNavigationBarReady(fn: () => unknown, doc: Document = document): void {
  if (doc.getElementById('taro-navigation-bar')) {
    fn();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!doc.getElementById('taro-navigation-bar')) return;
    observer.disconnect();
    fn();
  });
  observer.observe(doc.body, { childList: true, subtree: true });
}

import { labelNavigationBar } from '../h5-navigation-bar';
import { labelPageContainers, PAGE_TITLE_ID } from '../h5-page-container';

/** Taro 的 H5 路由：导航栏和放页面的容器，每个页面是容器里的一个 div.taro_page */
function taroShell(): HTMLElement {
  document.body.innerHTML =
    '<div id="taro-navigation-bar"><div class="taro-navigation-bar-back"><svg></svg></div>' +
    '<div class="taro-navigation-bar-title">附近问题</div></div><div id="app" class="taro_router"></div>';
  return document.getElementById('app')!;
}

function addPage(app: HTMLElement, id: string): HTMLElement {
  const page = document.createElement('div');
  page.className = 'taro_page taro_navigation_page';
  page.id = id;
  page.innerHTML = '<taro-view-core>正文</taro-view-core>';
  app.appendChild(page);
  return page;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('H5 页面容器（在容器里滚动）可以用键盘聚焦', () => {
  it('已有的和之后打开的页面：tabindex=0、main、以导航栏标题命名', async () => {
    const app = taroShell();
    const first = addPage(app, '/pages/index/index');
    labelNavigationBar();
    const observer = labelPageContainers();
    const second = addPage(app, '/pkg-explore/nearby/index');
    await flush();
    observer.disconnect();

    for (const page of [first, second]) {
      expect(page.getAttribute('tabindex')).toBe('0');
      expect(page.getAttribute('role')).toBe('main');
      expect(page.getAttribute('aria-labelledby')).toBe(PAGE_TITLE_ID);
    }
    expect(document.getElementById(PAGE_TITLE_ID)?.textContent).toBe('附近问题');
  });

  it('页面里的元素不受影响', async () => {
    const app = taroShell();
    const observer = labelPageContainers();
    const page = addPage(app, '/pkg-staff/case/index');
    await flush();
    observer.disconnect();
    expect(page.querySelector('taro-view-core')?.hasAttribute('tabindex')).toBe(false);
  });
});

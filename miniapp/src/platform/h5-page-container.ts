/**
 * H5：Taro 把每个页面放进路由容器里的一个 div（.taro_page），页面在这个 div 里滚动，而不是整个文档。
 * 页面上没有可聚焦的控件时（工作人员的案卷详情、卡片都已“我也遇到”的附近问题），键盘用户就滚不动它
 * （axe：scrollable-region-focusable）。这里让每个页面容器可以用 Tab 聚焦（聚焦后方向键、空格、翻页键滚动），
 * 角色是 main、名称是导航栏标题，读屏软件读作“附近问题 主要区域”。同一时间只显示一个页面（其余 display:none），
 * 所以只有一个 main。只在 H5 构建里调用，导航栏标注好之后（标题的 id 由 labelNavigationBar 设置）。
 */
export const PAGE_TITLE_ID = 'sansui-page-title';

export function labelPageContainer(el: Element): void {
  if (!el.classList.contains('taro_page') || el.hasAttribute('tabindex')) return;
  el.setAttribute('tabindex', '0');
  el.setAttribute('role', 'main');
  el.setAttribute('aria-labelledby', PAGE_TITLE_ID);
}

/** 已有的页面马上标注，之后路由插入的页面一出现就标注 */
export function labelPageContainers(doc: Document = document): MutationObserver {
  doc.querySelectorAll('.taro_page').forEach(labelPageContainer);
  const observer = new MutationObserver((records) => {
    for (const r of records) r.addedNodes.forEach((n) => n instanceof Element && labelPageContainer(n));
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  return observer;
}

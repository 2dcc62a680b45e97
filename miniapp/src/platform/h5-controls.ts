/**
 * H5：Taro 自己画的控件不是真正的按钮。Button 是自定义元素 taro-button-core，没有按钮角色、Tab 到不了；
 * showModal 的对话框是几个 div。这里在它们出现时补上角色、tabindex、名称，让回车 / 空格等同点击；
 * 对话框打开时焦点移到确认按钮、Esc 等于取消，关上后焦点回到打开它的控件。只在 H5 构建里调用。
 * 页面自己的可点卡片和格子用 Pressable（同一目录），不经过这里。
 */
const TITLE_ID = 'sansui-modal-title';
const TEXT_ID = 'sansui-modal-text';

const isActivation = (e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && !e.altKey && !e.ctrlKey && !e.metaKey;

/** 回车、空格在这个元素本身上（不是里面冒上来的）时等同点击 */
function clickOnKeys(el: HTMLElement): void {
  el.addEventListener('keydown', (e) => {
    if (!isActivation(e) || e.target !== el) return;
    e.preventDefault();
    if (!e.repeat) el.click();
  });
}

function labelButton(el: HTMLElement): void {
  if (el.getAttribute('role') === 'button') return;
  el.setAttribute('role', 'button');
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
  clickOnKeys(el);
}

const visible = (el: HTMLElement) => el.style.display !== 'none';

function labelModal(root: HTMLElement): void {
  if (root.dataset.a11y) return;
  root.dataset.a11y = '1';
  const content = root.querySelector<HTMLElement>('.taro-modal__content');
  const title = root.querySelector<HTMLElement>('.taro-modal__title');
  const text = root.querySelector<HTMLElement>('.taro-modal__text');
  const confirm = root.querySelector<HTMLElement>('.taro-model__confirm');
  const cancel = root.querySelector<HTMLElement>('.taro-model__cancel');
  if (!content || !title || !text || !confirm || !cancel) return;
  title.id = TITLE_ID;
  text.id = TEXT_ID;
  content.setAttribute('role', 'alertdialog');
  content.setAttribute('aria-modal', 'true');
  content.setAttribute('aria-labelledby', TITLE_ID);
  content.setAttribute('aria-describedby', TEXT_ID);
  root.querySelector('.taro-modal__mask')?.setAttribute('aria-hidden', 'true');
  labelButton(confirm);
  labelButton(cancel);
  content.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    (visible(cancel) ? cancel : confirm).click();
  });

  // 对话框只建一次，之后靠 style.display 显示和隐藏
  let opener: HTMLElement | null = null;
  let shown = false;
  const sync = () => {
    const now = visible(root);
    if (now === shown) return;
    shown = now;
    if (now) {
      opener = root.ownerDocument.activeElement as HTMLElement | null;
      confirm.focus();
    } else if (opener?.isConnected) {
      opener.focus();
      opener = null;
    }
  };
  new MutationObserver(sync).observe(root, { attributes: true, attributeFilter: ['style'] });
  sync();
}

function label(el: Element): void {
  if (!(el instanceof HTMLElement)) return;
  if (el.tagName === 'TARO-BUTTON-CORE') labelButton(el);
  else if (el.classList.contains('taro__modal')) labelModal(el);
  el.querySelectorAll<HTMLElement>('taro-button-core').forEach(labelButton);
}

/** 已有的马上标注，之后出现的（页面渲染、第一次 showModal）一出现就标注 */
export function labelTaroControls(doc: Document = document): MutationObserver {
  label(doc.body);
  doc.querySelectorAll('.taro__modal').forEach(label);
  const observer = new MutationObserver((records) => {
    for (const r of records) r.addedNodes.forEach((n) => n instanceof Element && label(n));
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  return observer;
}

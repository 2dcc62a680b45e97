/**
 * H5：Taro 自己画的控件不是真正的按钮。Button 是自定义元素 taro-button-core，没有按钮角色、Tab 到不了；
 * showModal 的对话框和 showActionSheet 的菜单是几个 div。这里在它们出现时补上角色、tabindex、名称，
 * 让回车 / 空格等同点击；对话框、菜单打开时焦点移进去（确认按钮、第一项），Esc 等于取消，
 * 关上后焦点回到打开它的控件；打开着的时候 Tab 只在浮层里循环。只在 H5 构建里调用。
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

/**
 * Taro 的对话框和操作菜单只建一次，之后靠 style.display 显示和隐藏：显示时焦点移到 first()，
 * 隐藏后回到打开它的控件；Esc 点取消。
 */
function manageFocus(root: HTMLElement, dialog: HTMLElement, first: () => HTMLElement | null, cancel: () => HTMLElement | null): void {
  dialog.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    cancel()?.click();
  });
  let opener: HTMLElement | null = null;
  let shown = false;
  const sync = () => {
    const now = visible(root);
    if (now === shown) return;
    shown = now;
    if (now) {
      opener = root.ownerDocument.activeElement as HTMLElement | null;
      first()?.focus();
    } else if (opener?.isConnected) {
      opener.focus();
      opener = null;
    }
  };
  new MutationObserver(sync).observe(root, { attributes: true, attributeFilter: ['style'] });
  sync();
}

/** showModal：标题、说明、取消、确认 */
function labelModal(root: HTMLElement): void {
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
  manageFocus(
    root,
    content,
    () => confirm,
    () => (visible(cancel) ? cancel : confirm),
  );
}

/** showActionSheet：遮罩、菜单（可选的说明 + 每项一格，之后再打开时格子可能增减）、取消 */
function labelActionSheet(root: HTMLElement): void {
  const [mask, sheet] = Array.from(root.children) as HTMLElement[];
  const menu = sheet?.firstElementChild as HTMLElement | null;
  const cancel = sheet?.lastElementChild as HTMLElement | null;
  if (!mask || !sheet || !menu || !cancel || menu === cancel) return;
  mask.setAttribute('aria-hidden', 'true');
  sheet.setAttribute('role', 'dialog');
  sheet.setAttribute('aria-modal', 'true');
  sheet.setAttribute('aria-label', '请选择');
  const items = () => Array.from(menu.querySelectorAll<HTMLElement>('[data-tap-index]'));
  const labelItems = () => items().forEach(labelButton);
  labelItems();
  labelButton(cancel);
  new MutationObserver(labelItems).observe(menu, { childList: true });
  manageFocus(
    root,
    sheet,
    () => items()[0] ?? cancel,
    () => cancel,
  );
}

/** Taro 插进 body 的浮层（类名 → 标注方法），各只标注一次 */
const OVERLAYS: [className: string, labelOverlay: (root: HTMLElement) => void][] = [
  ['taro__modal', labelModal],
  ['taro__actionSheet', labelActionSheet],
];

function label(el: Element): void {
  if (!(el instanceof HTMLElement)) return;
  if (el.tagName === 'TARO-BUTTON-CORE') labelButton(el);
  for (const [className, labelOverlay] of OVERLAYS) {
    if (!el.classList.contains(className) || el.dataset.a11y) continue;
    el.dataset.a11y = '1';
    labelOverlay(el);
  }
  el.querySelectorAll<HTMLElement>('taro-button-core').forEach(labelButton);
}

const FOCUSABLE = '[tabindex]:not([tabindex="-1"]), a[href], button, input, textarea, select';
const shownOnScreen = (el: Element) => el.getClientRects().length > 0;

/**
 * 打开着的模态浮层（aria-modal，看得见的最后一个：隐私弹窗、showModal、showActionSheet）里 Tab 循环：
 * 从最后一个控件 Tab 回到第一个，Shift+Tab 反过来；焦点还在浮层外面时（弹窗刚盖上页面）Tab 进到浮层里，
 * 键盘用户不会 Tab 到被盖住的页面上去。
 */
export function keepTabInsideModal(e: KeyboardEvent, doc: Document = document): void {
  if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
  const modal = Array.from(doc.querySelectorAll<HTMLElement>('[aria-modal="true"]')).filter(shownOnScreen).pop();
  if (!modal) return;
  const controls = Array.from(modal.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(shownOnScreen);
  if (controls.length === 0) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  const active = doc.activeElement;
  const inside = active instanceof Node && modal.contains(active);
  const target = !inside
    ? e.shiftKey
      ? last
      : first
    : e.shiftKey && active === first
      ? last
      : !e.shiftKey && active === last
        ? first
        : null;
  if (!target) return;
  e.preventDefault();
  target.focus();
}

/** 已有的马上标注，之后出现的（页面渲染、第一次 showModal / showActionSheet）一出现就标注 */
export function labelTaroControls(doc: Document = document): MutationObserver {
  label(doc.body);
  doc.querySelectorAll(OVERLAYS.map(([c]) => `.${c}`).join(', ')).forEach(label);
  const observer = new MutationObserver((records) => {
    for (const r of records) r.addedNodes.forEach((n) => n instanceof Element && label(n));
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  doc.addEventListener('keydown', (e) => keepTabInsideModal(e, doc));
  return observer;
}

import { keepTabInsideModal, labelTaroControls } from '../h5-controls';

const flush = () => new Promise((r) => setTimeout(r, 0));

/** Taro H5 的 showModal 第一次调用时插进 body 的结构（@tarojs/taro-h5 的 modal.js） */
function addTaroModal(): HTMLElement {
  const el = document.createElement('div');
  el.className = 'taro__modal';
  el.innerHTML =
    '<div class="taro-modal__mask"></div><div class="taro-modal__content">' +
    '<div class="taro-modal__title">删除这条草稿？</div><div class="taro-modal__text">删除后无法恢复。</div>' +
    '<div class="taro-modal__foot"><div class="taro-model__btn taro-model__cancel">取消</div>' +
    '<div class="taro-model__btn taro-model__confirm">确定</div></div></div>';
  document.body.appendChild(el);
  return el;
}

describe('H5：Taro 的按钮和对话框可以用键盘', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('taro-button-core（已有的和之后渲染的）：按钮角色、tabindex=0、回车空格等同点击', async () => {
    document.body.innerHTML = '<taro-button-core id="a">随手拍</taro-button-core>';
    const observer = labelTaroControls();
    const page = document.createElement('taro-view-core');
    page.innerHTML = '<taro-button-core id="b"><taro-text-core>提交</taro-text-core></taro-button-core>';
    document.body.appendChild(page);
    await flush();
    observer.disconnect();

    for (const id of ['a', 'b']) {
      const btn = document.getElementById(id)!;
      expect(btn.getAttribute('role')).toBe('button');
      expect(btn.getAttribute('tabindex')).toBe('0');
      const onClick = jest.fn();
      btn.addEventListener('click', onClick);
      btn.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      const space = new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true });
      btn.dispatchEvent(space);
      expect(space.defaultPrevented).toBe(true);
      btn.dispatchEvent(new KeyboardEvent('keydown', { key: 'x', bubbles: true }));
      expect(onClick).toHaveBeenCalledTimes(2);
    }
    // 按钮里的文字冒上来的回车不算
    const inner = document.querySelector('#b taro-text-core')!;
    const onClick = jest.fn();
    document.getElementById('b')!.addEventListener('click', onClick);
    inner.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(onClick).not.toHaveBeenCalled();
  });

  it('对话框：alertdialog 以标题命名；打开时焦点在确认按钮，Esc 等于取消，关上后焦点回到原来的控件', async () => {
    document.body.innerHTML = '<taro-button-core id="opener">删除</taro-button-core>';
    const observer = labelTaroControls();
    const opener = document.getElementById('opener')!;
    opener.focus();
    const modal = addTaroModal();
    await flush();

    const dialog = modal.querySelector('.taro-modal__content')!;
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('删除这条草稿？');
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe('删除后无法恢复。');
    const confirm = modal.querySelector<HTMLElement>('.taro-model__confirm')!;
    const cancel = modal.querySelector<HTMLElement>('.taro-model__cancel')!;
    expect([confirm.getAttribute('role'), cancel.getAttribute('role')]).toEqual(['button', 'button']);
    expect(document.activeElement).toBe(confirm);

    const cancelled = jest.fn();
    cancel.addEventListener('click', cancelled);
    confirm.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(cancelled).toHaveBeenCalledTimes(1);

    modal.style.display = 'none';
    await flush();
    expect(document.activeElement).toBe(opener);

    // 再次打开（Taro 复用同一个对话框）：焦点又到确认按钮
    modal.style.display = 'block';
    await flush();
    expect(document.activeElement).toBe(confirm);
    observer.disconnect();
  });
});

/** Taro H5 的 showActionSheet 插进 body 的结构（@tarojs/taro-h5 的 actionSheet.js） */
function addTaroActionSheet(items: string[]): HTMLElement {
  const el = document.createElement('div');
  el.className = 'taro__actionSheet';
  const cells = items.map((t, i) => `<div class="taro-actionsheet__cell" data-tap-index="${i}">${t}</div>`).join('');
  el.innerHTML = `<div></div><div><div><div class="taro-actionsheet__cell" style="display: none"></div>${cells}</div><div>取消</div></div>`;
  document.body.appendChild(el);
  return el;
}

describe('H5：Taro 的操作菜单可以用键盘', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('菜单是对话框，每项和取消都是按钮；打开时焦点在第一项，回车选中，Esc 取消，后来加的项也标注', async () => {
    document.body.innerHTML = '<taro-view-core id="add" tabindex="0" role="button">拍照/相册</taro-view-core>';
    const observer = labelTaroControls();
    const opener = document.getElementById('add')!;
    opener.focus();
    const sheet = addTaroActionSheet(['拍照', '从相册选择']);
    await flush();

    const dialog = sheet.children[1] as HTMLElement;
    expect(dialog.getAttribute('role')).toBe('dialog');
    const [first, second] = Array.from(sheet.querySelectorAll<HTMLElement>('[data-tap-index]'));
    const cancel = dialog.lastElementChild as HTMLElement;
    for (const b of [first, second, cancel]) {
      expect(b.getAttribute('role')).toBe('button');
      expect(b.getAttribute('tabindex')).toBe('0');
    }
    expect(document.activeElement).toBe(first);
    const picked = jest.fn();
    second.addEventListener('click', picked);
    second.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(picked).toHaveBeenCalledTimes(1);
    const cancelled = jest.fn();
    cancel.addEventListener('click', cancelled);
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(cancelled).toHaveBeenCalledTimes(1);
    sheet.style.display = 'none';
    await flush();
    expect(document.activeElement).toBe(opener);

    const third = document.createElement('div');
    third.dataset.tapIndex = '2';
    dialog.firstElementChild!.appendChild(third);
    await flush();
    expect(third.getAttribute('role')).toBe('button');
    observer.disconnect();
  });

  it('模态浮层打开时 Tab 只在浮层里循环；焦点在被盖住的页面上时 Tab 进到浮层里；隐藏页面里的浮层不算', () => {
    // jsdom 不排版：hidden 里面的元素算“看不见”（真浏览器里是 display:none 的页面）
    const rects = jest.spyOn(Element.prototype, 'getClientRects').mockImplementation(function (this: Element) {
      return (this.closest('[hidden]') ? [] : [{}]) as unknown as DOMRectList;
    });
    document.body.innerHTML =
      '<div hidden><div aria-modal="true"><button id="stale">同意并继续</button></div></div>' +
      '<input id="behind" />' +
      '<div aria-modal="true" role="dialog"><span id="link" tabindex="0">查看《隐私保护指引》</span>' +
      '<taro-button-core id="decline" tabindex="0">不同意</taro-button-core><taro-button-core id="agree" tabindex="0">同意并继续</taro-button-core></div>';
    const tab = (shiftKey = false) => {
      const e = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, cancelable: true });
      keepTabInsideModal(e);
      return e.defaultPrevented;
    };
    const el = (id: string) => document.getElementById(id)!;

    el('behind').focus();
    expect(tab()).toBe(true);
    expect(document.activeElement).toBe(el('link'));
    el('agree').focus();
    expect(tab()).toBe(true);
    expect(document.activeElement).toBe(el('link'));
    expect(tab(true)).toBe(true);
    expect(document.activeElement).toBe(el('agree'));
    // 浮层中间的控件之间照常由浏览器移动
    el('decline').focus();
    expect(tab()).toBe(false);
    expect(document.activeElement).toBe(el('decline'));

    // 浮层关上（不再看得见）之后 Tab 不再被拦
    el('agree').parentElement!.setAttribute('hidden', '');
    el('behind').focus();
    expect(tab()).toBe(false);
    expect(document.activeElement).toBe(el('behind'));
    rects.mockRestore();
  });
});

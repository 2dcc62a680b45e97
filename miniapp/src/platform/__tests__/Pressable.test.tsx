import { fireEvent, render, screen } from '@testing-library/react';
import { Pressable } from '../Pressable';

function withTaroEnv(env: string, fn: () => void) {
  const before = process.env.TARO_ENV;
  process.env.TARO_ENV = env;
  try {
    fn();
  } finally {
    process.env.TARO_ENV = before;
  }
}

describe('Pressable（H5）：可点的卡片是键盘能用的按钮', () => {
  it('有按钮角色、进入 Tab 序列、名称；回车和空格等同点击', () => {
    const onClick = jest.fn();
    render(
      <Pressable onClick={onClick} label="我的上报" data-testid="go-reports">
        <span>单</span>
        <span>我的上报</span>
      </Pressable>,
    );
    const el = screen.getByRole('button', { name: '我的上报' });
    expect(el.getAttribute('tabindex')).toBe('0');
    expect(el.getAttribute('data-testid')).toBe('go-reports');

    fireEvent.keyDown(el, { key: 'Enter' });
    expect(onClick).toHaveBeenCalledTimes(1);
    const space = fireEvent.keyDown(el, { key: ' ' });
    expect(onClick).toHaveBeenCalledTimes(2);
    // 空格不再滚动页面
    expect(space).toBe(false);
    fireEvent.click(el);
    expect(onClick).toHaveBeenCalledTimes(3);
  });

  it('别的键、按住不放的重复、从里面另一个控件冒上来的回车都不算点击', () => {
    const outer = jest.fn();
    const inner = jest.fn();
    render(
      <Pressable onClick={outer} label="卡片">
        <Pressable onClick={inner} label="我也遇到" />
      </Pressable>,
    );
    const card = screen.getByRole('button', { name: '卡片' });
    fireEvent.keyDown(card, { key: 'a' });
    fireEvent.keyDown(card, { key: 'Tab' });
    fireEvent.keyDown(card, { key: 'Enter', repeat: true });
    expect(outer).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByRole('button', { name: '我也遇到' }), { key: 'Enter' });
    expect(inner).toHaveBeenCalledTimes(1);
    expect(outer).not.toHaveBeenCalled();
  });

  it('选项带选中状态：单选 aria-checked、标签页 aria-selected、开关按钮 aria-pressed、不可用 aria-disabled', () => {
    render(
      <>
        <Pressable onClick={jest.fn()} role="radio" checked>
          暴露垃圾
        </Pressable>
        <Pressable onClick={jest.fn()} role="radio">
          垃圾桶满溢
        </Pressable>
        <Pressable onClick={jest.fn()} role="tab" selected>
          待处理
        </Pressable>
        <Pressable onClick={jest.fn()} pressed={false}>
          24 小时
        </Pressable>
        <Pressable onClick={jest.fn()} disabled>
          提交
        </Pressable>
      </>,
    );
    expect(screen.getByRole('radio', { name: '暴露垃圾' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('radio', { name: '垃圾桶满溢' }).getAttribute('aria-checked')).toBe('false');
    expect(screen.getByRole('tab', { name: '待处理' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('button', { name: '24 小时' }).getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByRole('button', { name: '提交' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('as="text"：行内文字链接也是按钮', () => {
    const onClick = jest.fn();
    render(
      <Pressable as="text" onClick={onClick}>
        重新定位
      </Pressable>,
    );
    const el = screen.getByRole('button', { name: '重新定位' });
    expect(el.tagName).toBe('SPAN');
    fireEvent.keyDown(el, { key: 'Enter' });
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});

describe('Pressable（小程序）：和原来的 View 加 onClick 一样', () => {
  it('不加角色、tabindex、名称和键盘处理；点按照常', () => {
    withTaroEnv('weapp', () => {
      const onClick = jest.fn();
      const { container } = render(
        <Pressable onClick={onClick} className="entry" label="我的上报" role="radio" checked data-testid="go-reports">
          我的上报
        </Pressable>,
      );
      const el = container.firstElementChild as HTMLElement;
      expect(el.outerHTML).toBe('<div class="entry" data-testid="go-reports">我的上报</div>');
      fireEvent.keyDown(el, { key: 'Enter' });
      expect(onClick).not.toHaveBeenCalled();
      fireEvent.click(el);
      expect(onClick).toHaveBeenCalledTimes(1);
    });
  });
});

import { Text, View } from '@tarojs/components';
import type { CSSProperties, ReactNode } from 'react';

/** 可点的控件在读屏软件里的角色：普通按钮、去另一页的链接、单选项、多选项、标签页 */
export type PressableRole = 'button' | 'link' | 'radio' | 'checkbox' | 'tab';

export interface PressableProps {
  onClick: () => void;
  children?: ReactNode;
  className?: string;
  style?: CSSProperties;
  /** 'text'：行内的文字链接或选项（Text）；默认块级的卡片、格子（View） */
  as?: 'view' | 'text';
  role?: PressableRole;
  /** 读出的名称，当看得见的文字不是控件的名称时（图标、卡片里的多段文字） */
  label?: string;
  /** 单选项 / 多选项：是否选中（aria-checked） */
  checked?: boolean;
  /** 标签页：是否当前（aria-selected） */
  selected?: boolean;
  /** 开关式按钮：是否按下（aria-pressed） */
  pressed?: boolean;
  /** 暂时不能用（仍可聚焦，点了由 onClick 说明原因） */
  disabled?: boolean;
  /** data-testid、data-unread 等 */
  [data: `data-${string}`]: string | number | undefined;
}

const ACTIVATION_KEYS = new Set(['Enter', ' ', 'Spacebar']);

/** H5 的键盘：回车、空格等同点击（只响应控件自己，不响应里面另一个控件冒上来的按键） */
function keyActivates(onClick: () => void) {
  return (e: KeyboardEvent) => {
    if (!ACTIVATION_KEYS.has(e.key) || e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    // 空格默认会滚动页面容器
    e.preventDefault();
    if (!e.repeat) onClick();
  };
}

function ariaState(role: PressableRole, p: PressableProps): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.label) out['aria-label'] = p.label;
  if (p.disabled) out['aria-disabled'] = 'true';
  if (role === 'radio' || role === 'checkbox') out['aria-checked'] = String(!!p.checked);
  else if (role === 'tab') out['aria-selected'] = String(!!p.selected);
  else if (p.pressed !== undefined) out['aria-pressed'] = String(p.pressed);
  return out;
}

/**
 * 可点的卡片、格子、文字链接。小程序里就是原来的 View / Text 加 onClick（小程序的模板不带 role、aria-*，
 * 点按由微信处理）。H5 里 Taro 的 View / Text 是没有角色的自定义元素，键盘到不了：这里补上角色、
 * tabindex=0（按页面顺序进入 Tab 序列）、名称和选中状态，并让回车、空格等同点击。焦点框见 app.scss。
 */
export function Pressable(props: PressableProps) {
  const { onClick, children, className, style, as = 'view', role = 'button' } = props;
  const Element = as === 'text' ? Text : View;
  const data = Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith('data-')));
  if (process.env.TARO_ENV !== 'h5') {
    return (
      <Element className={className} style={style} onClick={() => onClick()} {...data}>
        {children}
      </Element>
    );
  }
  // Taro 的 H5 组件把 camelCase 属性写成 dash-case（tabIndex → tab-index），所以 tabindex 用小写
  const h5 = { role, tabindex: 0, onKeyDown: keyActivates(onClick), ...ariaState(role, props) };
  return (
    <Element className={className} style={style} onClick={() => onClick()} {...data} {...h5}>
      {children}
    </Element>
  );
}

/** @tarojs/components 的测试替身：映射成普通 DOM 元素，便于用 Testing Library 查询和点击 */
import { createElement, type ReactNode } from 'react';

type Props = {
  children?: ReactNode;
  className?: string;
  onClick?: (e: unknown) => void;
  onKeyDown?: (e: unknown) => void;
  [k: string]: unknown;
};

function passthrough(tag: string) {
  return function Component({ children, className, onClick, onKeyDown, openType: _o, onAgreePrivacyAuthorization: _a, ...rest }: Props) {
    const dom: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rest)) {
      if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'id' || k === 'src' || k === 'disabled' || k === 'style')
        dom[k] = v;
      // Taro 的 H5 组件收小写的 tabindex（见 platform/Pressable）
      if (k === 'tabindex') dom.tabIndex = v;
    }
    return createElement(tag, { className, onClick, onKeyDown, ...dom }, children);
  };
}

export const View = passthrough('div');
export const Text = passthrough('span');
export const Button = passthrough('button');
export const Image = passthrough('img');
export const ScrollView = passthrough('div');
export const Map = passthrough('div');
export const Switch = ({ checked, onChange }: { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void }) =>
  createElement('input', {
    type: 'checkbox',
    checked: !!checked,
    onChange: (e: { target: { checked: boolean } }) => onChange?.({ detail: { value: e.target.checked } }),
  });
type TextProps = {
  value?: string;
  onInput?: (e: { detail: { value: string } }) => void;
  maxlength?: number;
  placeholder?: string;
  'data-testid'?: string;
};
export const Input = ({ value, onInput, maxlength, placeholder, 'data-testid': testid }: TextProps) =>
  createElement('input', {
    value,
    maxLength: maxlength,
    placeholder,
    'data-testid': testid,
    onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } }),
  });
export const Textarea = ({ value, onInput, maxlength, placeholder, 'data-testid': testid }: TextProps) =>
  createElement('textarea', {
    value,
    maxLength: maxlength,
    placeholder,
    'data-testid': testid,
    onChange: (e: { target: { value: string } }) => onInput?.({ detail: { value: e.target.value } }),
  });

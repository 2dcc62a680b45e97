import type { KeyboardEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { keyboardRow, siblingRow } from './keyboard';

function table(): HTMLTableSectionElement {
  const body = document.createElement('tbody');
  body.innerHTML =
    '<tr tabindex="0" id="a"></tr><tr class="placeholder" id="p"></tr><tr tabindex="0" id="b"></tr><tr tabindex="0" id="c"><td><input id="i"></td></tr>';
  document.body.replaceChildren(body);
  return body;
}

const key = (el: HTMLElement, k: string, target: HTMLElement = el) =>
  ({ key: k, currentTarget: el, target, preventDefault: vi.fn() }) as unknown as KeyboardEvent<HTMLElement>;

describe('keyboard-friendly table rows', () => {
  it('moves to the next and previous focusable row, skipping rows without tabindex', () => {
    const body = table();
    const [a, , b, c] = [...body.children];
    expect(siblingRow(a, 1)).toBe(b);
    expect(siblingRow(b, -1)).toBe(a);
    expect(siblingRow(c, 1)).toBeNull();
    expect(siblingRow(a, -1)).toBeNull();
  });

  it('Enter and Space open the row; ↓/j and ↑/k move the focus', () => {
    const body = table();
    const [a, , b] = [...body.children] as HTMLElement[];
    const open = vi.fn();
    const props = keyboardRow(open, { 'data-id': 7 });
    expect(props.tabIndex).toBe(0);
    expect((props as Record<string, unknown>)['data-id']).toBe(7);
    props.onKeyDown!(key(a, 'Enter'));
    props.onKeyDown!(key(a, ' '));
    expect(open).toHaveBeenCalledTimes(2);
    props.onKeyDown!(key(a, 'ArrowDown'));
    expect(document.activeElement).toBe(b);
    props.onKeyDown!(key(b, 'k'));
    expect(document.activeElement).toBe(a);
    props.onKeyDown!(key(a, 'j'));
    expect(document.activeElement).toBe(b);
  });

  it('leaves keys typed into a field inside the row alone', () => {
    const body = table();
    const c = body.children[3] as HTMLElement;
    const open = vi.fn();
    const e = key(c, 'Enter', c.querySelector('input')!);
    keyboardRow(open).onKeyDown!(e);
    expect(open).not.toHaveBeenCalled();
    expect(e.preventDefault).not.toHaveBeenCalled();
  });
});

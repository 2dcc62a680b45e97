import type { HTMLAttributes, KeyboardEvent } from 'react';

/** The focusable row before/after `row` in its table body (rows without tabindex, e.g. expanded or placeholder rows, are skipped). */
export function siblingRow(row: Element | null, dir: 1 | -1): HTMLElement | null {
  let next = (dir === 1 ? row?.nextElementSibling : row?.previousElementSibling) ?? null;
  while (next && !next.hasAttribute('tabindex')) next = dir === 1 ? next.nextElementSibling : next.previousElementSibling;
  return next as HTMLElement | null;
}

/**
 * Row props for an antd Table that make it work from the keyboard: Tab reaches each row, Enter/Space opens it,
 * ↑/↓ (or k/j) move between rows. Keys typed into inputs inside the row are left alone.
 */
export function keyboardRow(open: () => void, extra: Record<string, unknown> = {}): HTMLAttributes<HTMLElement> {
  return {
    tabIndex: 0,
    ...extra,
    style: { cursor: 'pointer' },
    onClick: open,
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      } else if (e.key === 'ArrowDown' || e.key === 'j' || e.key === 'ArrowUp' || e.key === 'k') {
        e.preventDefault();
        siblingRow(e.currentTarget, e.key === 'ArrowDown' || e.key === 'j' ? 1 : -1)?.focus();
      }
    },
  };
}

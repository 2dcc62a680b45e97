import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** The first few elements, each with what axe measured there ("… — #52c41a on #ffffff, 2.26:1, needs 4.5:1"). */
  nodes: string[];
}

/**
 * Waits until nothing on the screen is still changing: fonts loaded, no spinner, skeleton or loading blur, no
 * antd/rc-motion class (`…-appear`, `…-enter`, `…-leave`) and no finite CSS animation or transition running, on
 * several frames in a row (a motion may start from a timer a frame later). axe-core measures the colours it sees:
 * a table fading in from its loading blur, a message or a drawer half way in, shows colours no user reads. On a
 * slow machine that hid a real failure (axe filed the text under "incomplete"); on a fast one it would fail.
 * Infinite animations (a spinner) do not end: the screen must not show one, which the selector check covers.
 */
export async function waitForStillScreen(page: Page, timeout = 30_000): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __stillFrames?: number };
      const busy = document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-spin-blur');
      const motionClass = /\bant-[\w-]+-(appear|enter|leave)(-prepare|-start|-active)?\b/;
      const inMotion = [...document.querySelectorAll('[class*="-appear"], [class*="-enter"], [class*="-leave"]')].some((el) =>
        motionClass.test(typeof el.className === 'string' ? el.className : (el.getAttribute('class') ?? '')),
      );
      const animating = document
        .getAnimations()
        .some((a) => (a.playState === 'running' || a.pending) && a.effect?.getComputedTiming().iterations !== Infinity);
      w.__stillFrames = busy || inMotion || animating ? 0 : (w.__stillFrames ?? 0) + 1;
      return w.__stillFrames >= 3;
    },
    undefined,
    { timeout, polling: 'raf' },
  );
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) in the page once the screen is still, and returns the serious and critical
 * violations, each with the first few elements it found them on and, for contrast, the colours it measured.
 * The page must show the state to check before this is called.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await waitForStillScreen(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.slice(0, 5).map(describeNode) }));
}

type AxeNode = axe.Result['nodes'][number];

function describeNode(n: AxeNode): string {
  const target = n.target.join(' ');
  const contrast = [...n.any, ...n.all].find((c) => c.data && typeof c.data === 'object' && 'contrastRatio' in c.data)?.data as
    { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string } | undefined;
  if (contrast)
    return `${target} — ${contrast.fgColor} on ${contrast.bgColor}, ${contrast.contrastRatio}:1, needs ${contrast.expectedContrastRatio}`;
  return `${target} — ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}`;
}

/** Fails with every serious or critical violation spelled out (rule, elements, colours measured). */
export async function expectNoSeriousA11yViolations(page: Page, screen: string): Promise<void> {
  const found = await seriousA11yViolations(page);
  if (!found.length) return;
  const lines = found.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n}`).join('\n')}`);
  throw new Error(`axe-core on ${screen}:\n${lines.join('\n')}`);
}

import type { Role } from '@sansui/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { menuFor } from '../src/access';
import { expectNoSeriousA11yViolations } from './axe';
import { apiCall, BASE, launch, login, shot, staffToken } from './harness';

/**
 * axe-core on every screen of the panel (docs/places.md): each menu route, opened by a demo account whose roles
 * may open it, plus the login page and a case's detail page. Fails on any serious or critical WCAG 2 A/AA violation.
 * Not covered: the detail pages of an inspection round and of a 督办通知 (the demo has none; making them here would
 * publish a round into the shared demo server's rankings).
 */
const ACCOUNTS: { username: string; roles: Role[] }[] = [
  { username: 'demo-dispatcher', roles: ['dispatcher'] },
  { username: 'demo-inspector', roles: ['inspector'] },
  { username: 'demo-manager-sanitation-xihu', roles: ['dept_manager'] },
  { username: 'demo-handler-sanitation-xihu', roles: ['handler'] },
  { username: 'demo-auditor', roles: ['auditor'] },
  { username: 'demo-admin', roles: ['admin'] },
];

const menuPaths = (roles: Role[]) => menuFor(roles).flatMap((g) => g.items.map((i) => i.path));

/** Each menu route once, with the first account above that may open it. */
const ROUTES_BY_ACCOUNT = ACCOUNTS.map((a, i) => ({
  ...a,
  paths: menuPaths(a.roles).filter((p) => !ACCOUNTS.slice(0, i).some((b) => menuPaths(b.roles).includes(p))),
}));

/** The screen has drawn what it loaded: content in the main area and no spinner or skeleton left anywhere. */
async function screenReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const main = document.querySelector('.ant-layout-content');
      return !!main && (main.textContent ?? '').trim().length > 0 && !document.querySelector('.ant-spin-spinning, .ant-skeleton-active');
    },
    undefined,
    { timeout: 30_000 },
  );
}

describe('accessibility of every admin screen (axe-core)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  /** A context with bypassCSP: the panel's Content-Security-Policy forbids the inline script that injects axe-core. */
  async function axeContext(): Promise<BrowserContext> {
    return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', bypassCSP: true });
  }

  it('the login page', async () => {
    const ctx = await axeContext();
    const page = await ctx.newPage();
    await page.goto(`${BASE}/admin/login`);
    await page.locator('#username').waitFor();
    await expectNoSeriousA11yViolations(page, '/login');
    await ctx.close();
  });

  for (const { username, paths } of ROUTES_BY_ACCOUNT) {
    // An account whose screens all came earlier has nothing left to check (vitest fails an empty suite).
    if (paths.length === 0 && username !== 'demo-dispatcher') continue;
    describe(`screens of ${username}`, () => {
      let ctx: BrowserContext;
      let page: Page;
      beforeAll(async () => {
        ctx = await axeContext();
        page = await ctx.newPage();
        page.on('pageerror', (e) => console.error(`[pageerror] ${e.message}`));
        await login(page, username);
      });
      afterAll(async () => ctx?.close());

      for (const path of paths) {
        it(path, async () => {
          await page.goto(`${BASE}/admin${path}`);
          await screenReady(page);
          await expectNoSeriousA11yViolations(page, path);
        });
      }

      if (username === 'demo-dispatcher') {
        it("/cases/:id (a case's detail page)", async () => {
          const { token } = await staffToken(username);
          const { items } = await apiCall<{ items: { id: number }[] }>('/cases?pageSize=1', { token });
          await page.goto(`${BASE}/admin/cases/${items[0].id}`);
          await page.getByTestId('case-panel').waitFor();
          await screenReady(page);
          await shot(page, 'a11y-case-detail');
          await expectNoSeriousA11yViolations(page, '/cases/:id');
        });
      }
    });
  }

  it('every menu route is checked with some account', () => {
    const all = menuPaths(['dispatcher', 'inspector', 'dept_manager', 'handler', 'auditor', 'admin']);
    expect(all.filter((p) => !ROUTES_BY_ACCOUNT.some((a) => a.paths.includes(p)))).toEqual([]);
  });
});

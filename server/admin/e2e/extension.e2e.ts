import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, BASE, launch, login, newPage, shot, staffToken } from './harness';

/** A handler asks for more time; the dispatcher finds the request on 延期申请, opens it from the keyboard and approves it. */
describe('extension request', () => {
  let browser: Browser;
  let caseId: number;
  let deadline: string;
  const handler = 'demo-handler-market';
  beforeAll(async () => {
    browser = await launch();
    const { token, user } = await staffToken(handler);
    const open = await apiCall<{ items: { id: number; deadline: string }[] }>(
      `/cases?departmentId=${user.departmentId}&status=dispatched,in_progress&sort=deadline`,
      { token },
    );
    expect(open.items.length).toBeGreaterThan(0);
    ({ id: caseId, deadline } = open.items[0]);
  });
  afterAll(async () => browser?.close());

  it('the handler requests an extension with a reason', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, handler);
    await page.goto(`${BASE}/admin/dept/queue?caseId=${caseId}`);
    await page.getByTestId('case-panel').waitFor();
    await page.getByRole('button', { name: '申请延期' }).click();
    await page.locator('.ant-modal textarea').fill('需要协调市场管理方共同整改');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /提交申请/ })
      .click();
    await page.getByText('已提交延期申请').waitFor();
    await ctx.close();
  });

  it('the dispatcher sees it on 延期申请 and approves it; the deadline moves', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/extensions`);
    const row = page.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('需要协调市场管理方共同整改');
    await shot(page, 'dispatcher-07-extensions');
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('case-panel').waitFor();
    await page
      .getByRole('button', { name: /同\s*意/ })
      .first()
      .click();
    await page.getByText('已同意延期').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => row.count()).toBe(0);
    await ctx.close();
    const { token } = await staffToken('demo-dispatcher');
    const c = await apiCall<{ deadline: string }>(`/cases/${caseId}`, { token });
    expect(new Date(c.deadline).getTime() - new Date(deadline).getTime()).toBe(24 * 3600_000);
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, BASE, launch, login, newPage, PASSWORD, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

interface Dept {
  id: number;
  code: string;
  type: string;
}

/**
 * 改派: a sanitation department's manager hands a case its handler claimed to a second handler of the
 * department; the new handler finds it under “我负责的” in the department queue.
 */
describe('case reassign by the department manager', () => {
  let browser: Browser;
  let caseId: number;
  let dept: Dept;
  let firstName: string;
  let second: { id: number; username: string; displayName: string };

  beforeAll(async () => {
    browser = await launch();
    const at = await pointInFirstGrid();
    ({ caseId } = await residentReport(browser, {
      name: `e2e-reassign-${Date.now()}`,
      categoryCode: 'exposed_garbage',
      lat: at.lat,
      lng: at.lng,
      description: '小区门口垃圾堆放（改派测试）',
    }));
    const { token: dispatcher } = await staffToken('demo-dispatcher');
    const depts = await apiCall<Dept[] | { items: Dept[] }>('/departments', { token: dispatcher });
    dept = (Array.isArray(depts) ? depts : depts.items).find((d) => d.type === 'sanitation')!;
    await apiCall(`/cases/${caseId}/accept`, { token: dispatcher, body: {} });
    await apiCall(`/cases/${caseId}/dispatch`, { token: dispatcher, body: { departmentId: dept.id } });
    const { token: handler } = await staffToken(`demo-handler-${dept.code}`);
    ({ handlerName: firstName } = await apiCall<{ handlerName: string }>(`/cases/${caseId}/claim`, { token: handler, body: {} }));
    // A second handler in the department, made by the admin (the demo city has one per department).
    const { token: admin } = await staffToken('demo-admin');
    const username = `e2e-handler-${Date.now()}`;
    second = await apiCall(`/users`, {
      token: admin,
      body: {
        username,
        password: PASSWORD,
        displayName: `第二处置员${String(Date.now()).slice(-4)}`,
        roles: ['handler'],
        departmentId: dept.id,
      },
    });
    second.username = username;
  });
  afterAll(async () => browser?.close());

  it('the manager sees the current handler and reassigns the case in the browser', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, `demo-manager-${dept.code}`);
    await page.goto(`${BASE}/admin/cases/${caseId}`);
    const panel = page.getByTestId('case-panel');
    await panel.waitFor();
    await expect.poll(() => panel.locator('.ant-descriptions').innerText()).toContain(firstName);
    await page.getByRole('button', { name: '改派', exact: true }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '改派处置人员' });
    await modal.waitFor();
    await modal.locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: second.displayName }).click();
    await modal.locator('textarea').fill('就近安排第二处置员');
    await shot(page, 'manager-01-reassign-dialog');
    await modal.getByRole('button', { name: /确认改派/ }).click();
    await page.getByText('已改派').waitFor();
    await expect.poll(() => panel.locator('.ant-descriptions').innerText()).toContain(second.displayName);
    await expect.poll(() => panel.innerText()).toContain(`→ ${second.displayName}`);
    await shot(page, 'manager-02-reassigned');
    await ctx.close();

    const { token } = await staffToken(`demo-manager-${dept.code}`);
    const c = await apiCall<{ status: string; handlerUserId: number; timeline: { action: string; note: string | null }[] }>(
      `/cases/${caseId}`,
      { token },
    );
    expect(c.status).toBe('in_progress');
    expect(c.handlerUserId).toBe(second.id);
    expect(c.timeline.at(-1)).toMatchObject({ action: 'reassign', note: '就近安排第二处置员' });
  });

  it('the new handler finds the case under 我负责的, the previous one no longer does', async () => {
    for (const [username, sees] of [
      [second.username, true],
      [`demo-handler-${dept.code}`, false],
    ] as const) {
      const { ctx, page } = await newPage(browser);
      await login(page, username);
      await page.goto(`${BASE}/admin/dept/queue`);
      const row = page.locator(`tr[data-case-id="${caseId}"]`);
      // The whole department queue lists the case for both handlers …
      await row.waitFor();
      const mineSwitch = page
        .locator('.ant-space')
        .filter({ has: page.getByText('我负责的', { exact: true }) })
        .last()
        .locator('.ant-switch');
      await mineSwitch.click();
      await page.waitForURL(/assignedTo=me/);
      await page.waitForLoadState('networkidle');
      // … 我负责的 only for the one holding it.
      if (sees) {
        await row.waitFor();
        await shot(page, 'handler-03-my-queue');
      } else {
        await expect.poll(() => row.count()).toBe(0);
      }
      await ctx.close();
    }
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, launch, login, newPage, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

interface Dept {
  id: number;
  code: string;
  type: string;
}

/**
 * 通知中心 (docs/domain.md §17): a handler returns a case; the dispatcher's bell counts it, the drawer lists it,
 * clicking it opens the case and marks it read, 全部已读 clears the count.
 */
describe('notice centre bell', () => {
  let browser: Browser;
  let caseId: number;

  beforeAll(async () => {
    browser = await launch();
    const at = await pointInFirstGrid();
    ({ caseId } = await residentReport(browser, {
      name: `e2e-notice-${Date.now()}`,
      categoryCode: 'exposed_garbage',
      lat: at.lat,
      lng: at.lng,
      description: '路边垃圾（通知测试）',
    }));
    const { token: dispatcher } = await staffToken('demo-dispatcher');
    const depts = await apiCall<Dept[] | { items: Dept[] }>('/departments', { token: dispatcher });
    const dept = (Array.isArray(depts) ? depts : depts.items).find((d) => d.type === 'sanitation')!;
    await apiCall(`/cases/${caseId}/accept`, { token: dispatcher, body: {} });
    const { token: handler } = await staffToken(`demo-handler-${dept.code}`);
    // Returned twice: two notices, so one is still unread after the dispatcher opens the newest.
    for (const reason of ['地址不清（通知测试）', '不属于本部门职责（通知测试）']) {
      await apiCall(`/cases/${caseId}/dispatch`, { token: dispatcher, body: { departmentId: dept.id } });
      await apiCall(`/cases/${caseId}/return`, { token: handler, body: { reason } });
    }
  });
  afterAll(async () => browser?.close());

  it('the dispatcher sees the returned case in the bell, opens it, and clears the count', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    const bell = page.getByTestId('notice-count');
    await expect.poll(async () => Number((await bell.getAttribute('data-unread')) || 0)).toBeGreaterThan(0);
    await page.getByTestId('notice-bell').click();
    const item = page
      .getByTestId('notice-item')
      .filter({ hasText: `退单：案卷 #${caseId} ` })
      .first();
    await item.waitFor();
    expect(await item.getAttribute('data-read')).toBe('no');
    await expect.poll(() => item.innerText()).toContain('不属于本部门职责（通知测试）');
    await shot(page, 'notices-01-drawer');
    await item.click();
    await page.waitForURL(new RegExp(`/admin/cases/${caseId}$`));
    await page.getByTestId('case-panel').waitFor();

    await page.getByTestId('notice-bell').click();
    const ofCase = (read: 'yes' | 'no', text: string) =>
      page
        .locator(`[data-testid="notice-item"][data-read="${read}"]`)
        .filter({ hasText: `案卷 #${caseId} ` })
        .filter({ hasText: text });
    await ofCase('yes', '不属于本部门职责（通知测试）').waitFor();
    expect(await ofCase('no', '地址不清（通知测试）').count()).toBe(1);
    await page.getByTestId('notice-read-all').click();
    await expect.poll(() => bell.getAttribute('data-unread')).toBe('0');
    await expect.poll(async () => page.locator('[data-testid="notice-item"][data-read="no"]').count()).toBe(0);
    await shot(page, 'notices-02-all-read');
    await ctx.close();
    const { token } = await staffToken('demo-dispatcher');
    expect((await apiCall<{ unread: number }>('/notices/unread-count', { token })).unread).toBe(0);
  });
});

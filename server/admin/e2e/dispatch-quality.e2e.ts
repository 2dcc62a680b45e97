import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, BASE, launch, login, newPage, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

interface Dept {
  id: number;
  code: string;
  type: string;
}

/**
 * 派遣质量 (docs/domain.md §17): a case sent to the wrong department, returned and sent again shows among the cases
 * that were not first-time-right, one click from its case page.
 */
describe('dispatch quality screen', () => {
  let browser: Browser;
  let caseId: number;

  beforeAll(async () => {
    browser = await launch();
    const at = await pointInFirstGrid();
    ({ caseId } = await residentReport(browser, {
      name: `e2e-quality-${Date.now()}`,
      categoryCode: 'exposed_garbage',
      lat: at.lat,
      lng: at.lng,
      description: '垃圾堆放（派遣质量测试）',
    }));
    const { token: dispatcher } = await staffToken('demo-dispatcher');
    const depts = await apiCall<Dept[] | { items: Dept[] }>('/departments', { token: dispatcher });
    const list = Array.isArray(depts) ? depts : depts.items;
    const wrong = list.find((d) => d.type !== 'sanitation')!;
    await apiCall(`/cases/${caseId}/accept`, { token: dispatcher, body: {} });
    await apiCall(`/cases/${caseId}/dispatch`, { token: dispatcher, body: { departmentId: wrong.id } });
    const { token: handler } = await staffToken(`demo-handler-${wrong.code}`);
    await apiCall(`/cases/${caseId}/return`, { token: handler, body: { reason: '不属于本部门（派遣质量测试）' } });
    await apiCall(`/cases/${caseId}/dispatch`, { token: dispatcher, body: {} });
  });
  afterAll(async () => browser?.close());

  it('shows the rates per department and the returned case, which opens its case page', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    // The period in China's calendar (the browser here runs in UTC, whose "today" may end before the case was made).
    const chinaDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
    await page.goto(`${BASE}/admin/stats/dispatch-quality?from=${chinaDay(Date.now() - 7 * 86_400_000)}&to=${chinaDay(Date.now())}`);
    await page.locator('[data-testid="dispatch-quality"][data-loaded="yes"]').waitFor();
    const link = page.getByTestId('wrong-cases').getByRole('link', { name: `#${caseId}`, exact: true });
    await link.scrollIntoViewIfNeeded();
    await link.waitFor();
    await expect.poll(async () => page.getByTestId('by-department').locator('tbody tr').count()).toBeGreaterThan(0);
    await shot(page, 'dispatch-quality-01');
    await link.click();
    await page.waitForURL(new RegExp(`/admin/cases/${caseId}$`));
    await page.getByTestId('case-panel').waitFor();
    await ctx.close();
  });
});

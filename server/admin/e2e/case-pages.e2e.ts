import type { CaseListPage } from '@sansui/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, apiCall, launch, login, newPage, shot, staffToken, waitForServer } from './harness';

/** The dispatch board pages with the server's cursors: 下一页 shows the cases after the page, 上一页 the same page again. */
describe('case list paging', () => {
  let browser: Browser;
  beforeAll(async () => {
    await waitForServer();
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it('the board walks forward and back by cursor and says how many cases there are', async () => {
    const { token } = await staffToken('demo-dispatcher');
    const query = 'status=accepted,dispatched,in_progress,resolved&sort=deadline&pageSize=10';
    const first = await apiCall<CaseListPage>(`/cases?${query}`, { token });
    const second = first.next ? await apiCall<CaseListPage>(`/cases?${query}&after=${first.next}`, { token }) : null;
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/board?pageSize=10`);
    const rowIds = async () =>
      page.locator('tr[data-case-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-case-id'))));
    const firstIds = first.items.map((i) => i.id);
    await page.locator(`tr[data-case-id="${firstIds[0]}"]`).waitFor();
    expect(await rowIds()).toEqual(firstIds);
    await page.getByText(`共 ${first.total} 条`).waitFor();
    expect(await page.getByRole('button', { name: '上一页' }).isDisabled()).toBe(true);
    await shot(page, 'board-page-1');
    if (second) {
      await page.getByRole('button', { name: '下一页' }).click();
      await page.locator(`tr[data-case-id="${second.items[0].id}"]`).waitFor();
      expect(await rowIds()).toEqual(second.items.map((i) => i.id));
      await shot(page, 'board-page-2');
      await page.getByRole('button', { name: '上一页' }).click();
      await page.locator(`tr[data-case-id="${firstIds[0]}"]`).waitFor();
      expect(await rowIds()).toEqual(firstIds);
    }
    await ctx.close();
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, BASE, launch, login, newPage, shot, staffToken } from './harness';

/** A dispatcher enters a 12345 caller's complaint; it becomes a hotline case in the triage queue. */
describe('hotline intake', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('registers a hotline report from the form', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/hotline`);
    const text = `热线反映：小区门口垃圾桶满溢 ${Date.now()}`;
    await page.getByLabel('问题分类').click();
    await page.keyboard.type('垃圾桶');
    await page.keyboard.press('Enter');
    await page.getByLabel('问题描述').fill(text);
    await page.getByLabel('来电人').fill('王先生');
    await page.getByLabel('联系电话').fill('13800000000');
    await page.getByLabel(/所在网格/).click();
    await page.keyboard.press('Enter');
    await page.getByRole('img', { name: /网格地图/ }).waitFor();
    await shot(page, 'dispatcher-06-hotline-form');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const link = page.getByText(/已登记为案卷/);
    await link.waitFor();
    const caseId = Number((await link.innerText()).match(/#(\d+)/)![1]);
    await ctx.close();
    const { token } = await staffToken('demo-dispatcher');
    const c = await apiCall<{ status: string; source: string; categoryCode: string; description: string }>(`/cases/${caseId}`, { token });
    expect(c).toMatchObject({ status: 'submitted', source: 'hotline', categoryCode: 'overflowing_bin', description: text });
  });
});

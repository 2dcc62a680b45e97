import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, ARTIFACTS, BASE, launch, login, makePhoto, newPage, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

/** The auditor releases a held reward, cannot approve their own batch, approves another's, reconciles, exports. */
describe('auditor', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
    // Two residents send the same photo; once both are accepted, the second one's reward is held (REUSED_PHOTO).
    const at = await pointInFirstGrid();
    const photo = await makePhoto(browser, '同一张照片', '#5b3a8c');
    const { token } = await staffToken('demo-dispatcher');
    const stamp = Date.now();
    for (const [i, dx] of [
      [1, 0],
      [2, 0.0015],
    ] as const) {
      const r = await residentReport(browser, {
        name: `e2e-held-${stamp}-${i}`,
        categoryCode: 'illegal_ads',
        lat: at.lat + dx,
        lng: at.lng,
        description: `小广告（审计测试 ${i}）`,
        photo,
      });
      await apiCall(`/cases/${r.caseId}/accept`, { token, body: {} });
    }
  });
  afterAll(async () => browser?.close());

  it('releases a held reward with a note, after seeing its signals', async () => {
    const { token } = await staffToken('demo-auditor');
    const held = await apiCall<{ items: { id: number }[] }>('/rewards?status=held', { token });
    expect(held.items.length).toBeGreaterThan(0);
    const id = held.items[0].id;
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-auditor');
    await page.goto(`${BASE}/admin/audit/rewards?status=held`);
    await page.locator(`tr[data-reward-id="${id}"]`).waitFor();
    await shot(page, 'auditor-01-held-rewards');
    await page.locator(`tr[data-reward-id="${id}"]`).click();
    await page.getByText('异常信号与证据').waitFor();
    // The matched photos are shown side by side (signed URLs from the case details), not as bare links.
    const match = page.getByTestId('photo-match').first();
    await match.getByText('匹配：案卷').waitFor();
    await expect
      .poll(() => match.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
      .toBe(2);
    await page.getByText('该居民的红包记录').waitFor();
    await shot(page, 'auditor-02-held-evidence');
    await page
      .getByRole('button', { name: '放 行' })
      .or(page.getByRole('button', { name: '放行' }))
      .first()
      .click();
    await page.locator('.ant-modal textarea').fill('核实为不同时间的真实上报，放行');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*认/ })
      .click();
    await page.getByText('已放行').waitFor();
    await ctx.close();
    const after = await apiCall<{ items: { id: number; status: string }[] }>(`/rewards?status=held`, { token });
    expect(after.items.find((r) => r.id === id)).toBeUndefined();
  });

  it('proposes a batch, cannot approve it; another auditor approves it', async () => {
    const a = await newPage(browser);
    await login(a.page, 'demo-auditor');
    await a.page.goto(`${BASE}/admin/audit/batches`);
    await a.page.getByRole('button', { name: '提出发放批次' }).click();
    await a.page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /提\s*出/ })
      .click();
    await a.page.getByText('已提出发放批次').waitFor();
    const { token } = await staffToken('demo-auditor');
    const batches = await apiCall<{ items: { id: number; status: string; proposedBy: number }[] }>('/payout-batches', { token });
    const mine = batches.items.find((b) => b.status === 'proposed')!;
    const btn = a.page.getByTestId(`approve-${mine.id}`);
    await btn.waitFor();
    expect(await btn.isDisabled()).toBe(true);
    await btn.locator('xpath=..').hover();
    await a.page.getByText('不能审批自己提出的批次').waitFor();
    await shot(a.page, 'auditor-03-own-batch-disabled');
    await a.ctx.close();

    const b = await newPage(browser);
    await login(b.page, 'demo-auditor2');
    await b.page.goto(`${BASE}/admin/audit/batches`);
    const btn2 = b.page.getByTestId(`approve-${mine.id}`);
    await btn2.waitFor();
    expect(await btn2.isDisabled()).toBe(false);
    await btn2.click();
    await b.page.getByText(`批次 #${mine.id} 已审批`).waitFor();
    await shot(b.page, 'auditor-04-approved-by-other');
    await b.ctx.close();
  });

  it('sees the ledger reconcile, verifies the audit chain and downloads an export', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-auditor');
    await page.goto(`${BASE}/admin/audit/ledger`);
    await page.getByTestId('reconcile-ok').waitFor();
    await shot(page, 'auditor-05-ledger');
    await page.goto(`${BASE}/admin/audit/chain`);
    await page.getByRole('button', { name: '校验审计链' }).click();
    await page.getByTestId('chain-ok').waitFor();
    await shot(page, 'auditor-06-audit-chain');
    await page.goto(`${BASE}/admin/audit/exports`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: /下\s*载/ })
        .first()
        .click(),
    ]);
    const file = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(statSync(file).size).toBeGreaterThan(1000);
    await shot(page, 'auditor-07-exports');
    await ctx.close();
  });
});

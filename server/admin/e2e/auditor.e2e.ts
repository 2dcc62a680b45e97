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

  it("sees the demo's paid batches of past weeks: their progress, their paid lines, and every signal in Chinese", async () => {
    const { token } = await staffToken('demo-auditor');
    type Batch = { id: number; status: string; rewardIds: number[]; progress: Record<string, number>; createdAt: string };
    const list = await apiCall<{ items: Batch[] }>('/payout-batches?pageSize=200', { token });
    const paid = list.items.filter((b) => b.status === 'approved' && b.progress.paid === b.rewardIds.length);
    expect(paid.length).toBeGreaterThanOrEqual(2);
    const oldest = paid[paid.length - 1];
    expect(Date.now() - Date.parse(oldest.createdAt)).toBeGreaterThan(7 * 86_400_000);
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-auditor');
    await page.goto(`${BASE}/admin/audit/batches`);
    const row = page.locator(`tr[data-batch-id="${oldest.id}"]`);
    await row.getByText(`已到账 ${oldest.rewardIds.length}`).waitFor();
    await page.getByTestId(`open-batch-${oldest.id}`).click();
    const detail = page.getByRole('dialog').filter({ hasText: `发放批次 #${oldest.id}` });
    await expect
      .poll(() => detail.locator('tr[data-line-id]', { hasText: '已到账' }).count(), { timeout: 30_000 })
      .toBe(oldest.rewardIds.length);
    await shot(page, 'auditor-00-paid-batch');
    await ctx.close();
    const r = await newPage(browser);
    await login(r.page, 'demo-auditor');
    await r.page.goto(`${BASE}/admin/audit/rewards`);
    await r.page.locator('tr[data-reward-id]').first().waitFor();
    const tags = await r.page.locator('tr[data-reward-id] .ant-tag').allTextContents();
    expect(tags.filter((t) => /^[A-Z_]+$/.test(t.trim()))).toEqual([]);
    await r.ctx.close();
  });

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

  it('proposes a filtered batch seeing count and total, cannot approve it; another auditor judges its lines and approves it', async () => {
    const { token } = await staffToken('demo-auditor');
    type Lines = {
      total: number;
      totalFen: number;
      items: { rewardId: number; caseId: number; amountFen: number; reporterName: string }[];
    };
    const all = await apiCall<Lines>('/payout-batches/candidates?pageSize=200', { token });
    expect(all.total).toBeGreaterThan(1);
    // Narrow to the rewards of the highest amount and above: a subset the UI must count and sum like the server.
    const minFen = Math.max(...all.items.map((l) => l.amountFen));
    const expected = await apiCall<Lines>(`/payout-batches/candidates?minFen=${minFen}`, { token });

    const a = await newPage(browser);
    await login(a.page, 'demo-auditor');
    await a.page.goto(`${BASE}/admin/audit/batches`);
    await a.page.getByRole('button', { name: '提出发放批次' }).click();
    const drawer = a.page.getByRole('dialog').filter({ hasText: '选择待发放红包' });
    await drawer.locator(`[data-testid="selection-summary"][data-loading="0"][data-count="${all.total}"]`).waitFor();
    await drawer.getByPlaceholder('最低金额（元）').fill(String(minFen / 100));
    await drawer.getByPlaceholder('最低金额（元）').press('Tab');
    const summary = drawer.locator(
      `[data-testid="selection-summary"][data-loading="0"][data-count="${expected.total}"][data-total-fen="${expected.totalFen}"]`,
    );
    await summary.waitFor();
    await expect.poll(() => drawer.locator('tr[data-line-id]').count(), { timeout: 30_000 }).toBe(Math.min(expected.total, 20));
    await shot(a.page, 'auditor-batch-propose-filtered');
    await drawer.getByTestId('propose-confirm').click();
    const confirm = a.page.locator('.ant-popconfirm');
    await confirm.getByText(`共 ${expected.total} 笔`).waitFor();
    await confirm.getByRole('button', { name: /提\s*出/ }).click();
    await a.page.getByText('已提出发放批次').first().waitFor();

    const batches = await apiCall<{
      items: { id: number; status: string; totalFen: number; rewardIds: number[]; proposedByName: string }[];
    }>('/payout-batches', { token });
    const mine = batches.items.find((b) => b.status === 'proposed')!;
    expect([mine.rewardIds.length, mine.totalFen]).toEqual([expected.total, expected.totalFen]);
    const btn = a.page.locator(`tr[data-batch-id="${mine.id}"]`).getByTestId(`approve-${mine.id}`);
    await btn.waitFor();
    expect(await btn.isDisabled()).toBe(true);
    // The reason is a tooltip on the disabled button's wrapper. The mouse may already rest where the row was drawn
    // after the list reloaded (the popconfirm's button sat there), and a hover to the same spot sends no mouseenter:
    // move away first and hover again until the tooltip shows.
    const reason = a.page.getByText('不能审批自己提出的批次');
    await expect
      .poll(
        async () => {
          await a.page.mouse.move(1, 1);
          await btn.locator('xpath=..').hover();
          return reason.isVisible().then(
            (v) =>
              v ||
              reason.waitFor({ timeout: 3_000 }).then(
                () => true,
                () => false,
              ),
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await shot(a.page, 'auditor-03-own-batch-disabled');
    await a.ctx.close();

    const b = await newPage(browser);
    await login(b.page, 'demo-auditor2');
    await b.page.goto(`${BASE}/admin/audit/batches`);
    await b.page.getByTestId(`open-batch-${mine.id}`).click();
    const detail = b.page.getByRole('dialog').filter({ hasText: `发放批次 #${mine.id}` });
    await detail.getByText(mine.proposedByName).first().waitFor();
    await detail
      .locator(`[data-testid="selection-summary"][data-loading="0"][data-count="${expected.total}"][data-total-fen="${expected.totalFen}"]`)
      .waitFor();
    // One line's evidence: the reporter by name, the case link, the photos of the report.
    const first = expected.items[0];
    const row = detail.locator(`tr[data-line-id="${first.rewardId}"]`);
    await row.getByText(first.reporterName).waitFor();
    await row.scrollIntoViewIfNeeded();
    await row.click();
    const evidence = detail.getByTestId(`line-evidence-${first.rewardId}`);
    await evidence.getByText(`打开案卷 #${first.caseId}`).waitFor();
    await expect
      .poll(() => evidence.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await shot(b.page, 'auditor-batch-lines-evidence');
    // Narrow the lines to one reporter: count and total follow the server's.
    const byReporter = await apiCall<Lines>(`/payout-batches/${mine.id}/lines?reporter=${encodeURIComponent(first.reporterName)}`, {
      token,
    });
    await detail.getByPlaceholder('上报人姓名或 openid').fill(first.reporterName);
    await detail.getByPlaceholder('上报人姓名或 openid').press('Enter');
    await detail
      .locator(
        `[data-testid="selection-summary"][data-loading="0"][data-count="${byReporter.total}"][data-total-fen="${byReporter.totalFen}"]`,
      )
      .waitFor();
    await expect.poll(() => detail.locator('tr[data-line-id]').count(), { timeout: 30_000 }).toBe(Math.min(byReporter.total, 20));
    await shot(b.page, 'auditor-batch-lines-by-reporter');

    await detail.getByTestId(`approve-${mine.id}`).click();
    const approveConfirm = b.page.locator('.ant-popconfirm');
    await approveConfirm.getByText(`审批批次 #${mine.id}：共 ${expected.total} 笔`).waitFor();
    await approveConfirm.getByRole('button', { name: /确认审批/ }).click();
    await b.page.getByText(`批次 #${mine.id} 已审批`).first().waitFor();
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
    // Anchor the head, keep the signed file, and check the chain against the file.
    const anchorsCard = page.getByTestId('anchors-card');
    await anchorsCard.getByRole('button', { name: '立即生成锚点' }).click();
    await page
      .getByText(/已生成锚点|未生成新锚点/)
      .first()
      .waitFor();
    await anchorsCard
      .locator('tbody td', { hasText: /^第 \d+ 条$/ })
      .first()
      .waitFor();
    const [anchorDownload] = await Promise.all([
      page.waitForEvent('download'),
      anchorsCard.getByRole('button', { name: '下载锚点文件' }).click(),
    ]);
    const anchorFile = join(ARTIFACTS, 'audit-anchors.json');
    await anchorDownload.saveAs(anchorFile);
    await anchorsCard.locator('input[type=file]').setInputFiles(anchorFile);
    await anchorsCard.locator('[data-testid="anchors-ok"][data-source="file"]').waitFor();
    await shot(page, 'auditor-anchors-verified');
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

describe('auditor and admin: reconciliation results and fraud thresholds', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it("shows a day's fund-flow reconciliation and re-runs it", async () => {
    const { token } = await staffToken('demo-auditor');
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const result = await apiCall<{ status: string; outflowCount: number }>(`/ledger/statements/${yesterday}/reconcile`, {
      token,
      body: {},
    });
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-auditor');
    await page.goto(`${BASE}/admin/audit/statements`);
    const row = page.locator(`tr[data-bill-date="${yesterday}"]`);
    await row.waitFor();
    await row.click();
    const detail = page.locator(`[data-testid="statement-detail"][data-bill-date="${yesterday}"]`);
    await detail.waitFor();
    const label = { ok: '一致', differences: '有差异', unavailable: '未取得账单' }[result.status]!;
    await row.getByText(label).waitFor();
    await row.getByText(`${result.outflowCount} 笔`).first().waitFor();
    await detail.getByRole('button', { name: /重新核对/ }).click();
    await page.getByText(`${yesterday} 核对完成`).first().waitFor();
    await shot(page, 'auditor-statements');
    await ctx.close();
  });

  it('auditors read the thresholds; an admin changes one, with validation, and the change is audited', async () => {
    const { token: auditorToken } = await staffToken('demo-auditor');
    const { token: adminToken } = await staffToken('demo-admin');
    const before = await apiCall<{ rewardBurstMax: number }>('/fraud-settings', { token: auditorToken });

    const a = await newPage(browser);
    await login(a.page, 'demo-auditor');
    await a.page.goto(`${BASE}/admin/audit/fraud-settings`);
    const auditorInput = a.page.getByTestId('fraud-rewardBurstMax');
    await expect.poll(() => auditorInput.inputValue(), { timeout: 30_000 }).toBe(String(before.rewardBurstMax));
    expect(await auditorInput.isDisabled()).toBe(true);
    await a.page.getByText('只有系统管理员可以修改').waitFor();
    await a.ctx.close();

    const b = await newPage(browser);
    await login(b.page, 'demo-admin');
    await b.page.goto(`${BASE}/admin/config/fraud-settings`);
    const input = b.page.getByTestId('fraud-rewardBurstMax');
    await expect.poll(() => input.inputValue(), { timeout: 30_000 }).toBe(String(before.rewardBurstMax));
    await input.fill('0');
    await b.page.getByRole('button', { name: /保\s*存/ }).click();
    await b.page.getByText('请填写 1–1000 之间的整数').waitFor();
    await input.fill(String(before.rewardBurstMax + 1));
    await b.page.getByRole('button', { name: /保\s*存/ }).click();
    await b.page.getByText('风险阈值已保存').first().waitFor();
    await shot(b.page, 'admin-fraud-settings');
    await b.ctx.close();

    const after = await apiCall<{ rewardBurstMax: number }>('/fraud-settings', { token: auditorToken });
    expect(after.rewardBurstMax).toBe(before.rewardBurstMax + 1);
    const log = await apiCall<{ items: { action: string }[] }>('/audit?action=fraud_settings.update', { token: auditorToken });
    expect(log.items.length).toBeGreaterThan(0);
    // Leave the demo's thresholds as they were for the other suites.
    await apiCall('/fraud-settings', { token: adminToken, method: 'PUT', body: { rewardBurstMax: before.rewardBurstMax } });
  });
});

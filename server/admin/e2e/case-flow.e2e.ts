import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, ARTIFACTS, launch, login, makePhoto, newPage, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

/**
 * Dispatcher triages a resident's report and dispatches it on the routing suggestion; the handler of that
 * department — and not another — resolves it with a photo; the dispatcher verifies and closes it.
 */
describe('case flow: triage → dispatch → resolve → verify', () => {
  let browser: Browser;
  let caseId: number;
  let departmentId: number;
  let handlerName: string;
  let residentName: string;
  let reportId: number;

  beforeAll(async () => {
    browser = await launch();
    const at = await pointInFirstGrid();
    residentName = `e2e-admin-${Date.now()}`;
    ({ caseId, reportId } = await residentReport(browser, {
      name: residentName,
      categoryCode: 'exposed_garbage',
      lat: at.lat,
      lng: at.lng,
      description: '路边一堆暴露垃圾（浏览器测试）',
    }));
  });
  afterAll(async () => browser?.close());

  it('dispatcher sees the report in triage with photo, grid map and suggestion, and dispatches on it', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await shot(page, 'dispatcher-01-triage-queue');
    await page.goto(`${process.env.ADMIN_E2E_BASE_URL}/admin/dispatch/triage?caseId=${caseId}`);
    await page.getByTestId('case-panel').waitFor();
    await page.getByRole('img', { name: /网格地图/ }).waitFor();
    await page.getByTestId('routing-suggestion').waitFor();
    await shot(page, 'dispatcher-02-triage-case');
    await page.getByRole('button', { name: /按建议派遣/ }).click();
    await page.getByText('已按建议派遣').waitFor();
    await shot(page, 'dispatcher-03-dispatched');
    await ctx.close();

    const { token } = await staffToken('demo-dispatcher');
    const c = await apiCall<{ status: string; departmentId: number }>(`/cases/${caseId}`, { token });
    expect(c.status).toBe('dispatched');
    departmentId = c.departmentId;
    const depts = await apiCall<{ id: number; code: string }[] | { items: { id: number; code: string }[] }>('/departments', { token });
    const list = Array.isArray(depts) ? depts : depts.items;
    handlerName = `demo-handler-${list.find((d) => d.id === departmentId)!.code}`;
  });

  it('a handler of another department cannot act on the case', async () => {
    const { token } = await staffToken('demo-dispatcher');
    const depts = await apiCall<{ id: number; code: string }[] | { items: { id: number; code: string }[] }>('/departments', { token });
    const other = (Array.isArray(depts) ? depts : depts.items).find((d) => d.id !== departmentId)!;
    const { ctx, page } = await newPage(browser);
    await login(page, `demo-handler-${other.code}`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator(`tr[data-case-id="${caseId}"]`).count()).toBe(0);
    await page.goto(`${process.env.ADMIN_E2E_BASE_URL}/admin/cases/${caseId}`);
    await page.getByTestId('page-error').waitFor();
    await shot(page, 'handler-00-other-department');
    expect(await page.getByRole('button', { name: '接单' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '处置完毕' }).count()).toBe(0);
    await ctx.close();
  });

  it('the handler of that department claims and resolves with an after-photo', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, handlerName);
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    await shot(page, 'handler-01-queue');
    await page.locator(`tr[data-case-id="${caseId}"]`).click();
    await page.getByRole('button', { name: '接单' }).click();
    await page.getByText('已接单').waitFor();
    await page.getByRole('button', { name: '处置完毕' }).click();
    const photo = join(ARTIFACTS, 'after-photo.jpg');
    writeFileSync(photo, await makePhoto(browser, '已清理干净', '#2f7d32'));
    await page.locator('.ant-modal input[type=file]').setInputFiles(photo);
    await page.locator('.ant-modal textarea').fill('已清运，现场已冲洗');
    await shot(page, 'handler-02-resolve-dialog');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: '提 交' })
      .or(page.locator('.ant-modal').getByRole('button', { name: '提交' }))
      .first()
      .click();
    await page.getByText('已提交处置结果').waitFor();
    await shot(page, 'handler-03-resolved');
    await ctx.close();
  });

  it('the dispatcher compares before/after and closes the case', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${process.env.ADMIN_E2E_BASE_URL}/admin/dispatch/verify?caseId=${caseId}`);
    await page.getByText('处置后', { exact: true }).waitFor();
    await shot(page, 'dispatcher-04-verify');
    await page
      .getByRole('button', { name: '通 过' })
      .or(page.getByRole('button', { name: '通过' }))
      .first()
      .click();
    // A desk upload carries no capture location or time: the evidence is unverified and passing it needs a note.
    const dialog = page.locator('.ant-modal').filter({ hasText: '核查通过（证据未核实）' });
    await dialog.locator('textarea').fill('已到现场查看，垃圾已清运');
    await dialog.getByRole('button', { name: '核查通过并结案' }).click();
    await page.getByText('已核查结案').waitFor();
    await ctx.close();
    const { token } = await staffToken('demo-dispatcher');
    const c = await apiCall<{ status: string }>(`/cases/${caseId}`, { token });
    expect(c.status).toBe('closed');
  });

  it('the resident says 没有解决; the dispatcher sees the request and reopens the case to the same department', async () => {
    const { token } = await apiCall<{ token: string }>('/auth/wechat', { body: { code: `sim:${residentName}` } });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await makePhoto(browser, '还是很脏', '#7c3c3c'))], { type: 'image/jpeg' }), 'still.jpg');
    const photo = await apiCall<{ id: number }>('/uploads', { token, form });
    await apiCall(`/reports/${reportId}/feedback`, { token, body: { satisfied: false, comment: '垃圾又堆起来了', photoIds: [photo.id] } });

    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${process.env.ADMIN_E2E_BASE_URL}/admin/dispatch/reopen`);
    await page.locator(`tr[data-case-id="${caseId}"]`).click();
    await page.getByRole('button', { name: '重新派遣', exact: true }).waitFor();
    await shot(page, 'dispatcher-05-reopen-request');
    await page.getByRole('button', { name: '重新派遣', exact: true }).click();
    await page.getByText('已重新派遣').first().waitFor();
    // The decided request leaves the pending list and is found under 已重新派遣.
    await page.goto(`${process.env.ADMIN_E2E_BASE_URL}/admin/dispatch/reopen`);
    await page.getByText('没有待决定的重新派遣申请').or(page.locator('tbody tr')).first().waitFor();
    expect(await page.locator(`tr[data-case-id="${caseId}"]`).count()).toBe(0);
    await page.getByTestId('reopen-status').getByText('已重新派遣').click();
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    await shot(page, 'dispatcher-06-reopen-decided');
    await ctx.close();
    const { token: staff } = await staffToken('demo-dispatcher');
    const c = await apiCall<{ status: string; departmentId: number }>(`/cases/${caseId}`, { token: staff });
    expect(c).toMatchObject({ status: 'dispatched', departmentId });
  });
});

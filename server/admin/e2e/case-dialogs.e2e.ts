import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, ARTIFACTS, launch, login, makePhoto, newPage, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

const BASE = process.env.ADMIN_E2E_BASE_URL;

/** The open dialog titled `title`, and its confirm button (antd puts a space between two characters: 合 并). */
function dialog(page: Page, title: string): { box: Locator; confirm: (name: string) => Promise<void> } {
  const box = page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
  const confirm = async (name: string) => {
    const spaced = name.length === 2 ? `${name[0]} ${name[1]}` : name;
    await box
      .getByRole('button', { name: spaced })
      .or(box.getByRole('button', { name, exact: true }))
      .first()
      .click();
  };
  return { box, confirm };
}

async function caseOf(id: number): Promise<{ status: string; departmentId: number | null; masterCaseId: number | null }> {
  const { token } = await staffToken('demo-dispatcher');
  return apiCall(`/cases/${id}`, { token });
}

/**
 * The dispatcher's dialogs the case flow does not pass through: 不予受理 (a reason and a note are required), 合并 into
 * the suggested duplicate, 改派其他部门 to a department other than the suggestion, and 返工 of a resolved case (a note
 * is required). Each is confirmed in the browser and checked through the API.
 */
describe('case dialogs: reject, merge, dispatch elsewhere, send back for rework', () => {
  let browser: Browser;
  let at: { lat: number; lng: number };
  const report = (name: string, description: string, categoryCode = 'exposed_garbage', lat = at.lat, lng = at.lng) =>
    residentReport(browser, { name: `e2e-dialogs-${name}-${Date.now()}`, categoryCode, lat, lng, description });

  beforeAll(async () => {
    browser = await launch();
    at = await pointInFirstGrid();
  });
  afterAll(async () => browser?.close());

  it('不予受理 asks for a reason and a note before it rejects the case', async () => {
    const { caseId } = await report('reject', '不是本市范围的问题（浏览器测试）', 'exposed_garbage', at.lat + 0.001, at.lng + 0.001);
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/triage?caseId=${caseId}`);
    await page.getByTestId('case-panel').getByRole('button', { name: '不予受理' }).click();
    const { box, confirm } = dialog(page, '不予受理');
    await confirm('确认不予受理');
    await box.getByText('请选择原因').waitFor();
    await box.getByText('请填写说明').waitFor();
    expect((await caseOf(caseId)).status).toBe('submitted');
    await box.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').first().click();
    await box.locator('textarea').fill('经核实不属于城市管理范围');
    await shot(page, 'dialogs-01-reject');
    await confirm('确认不予受理');
    await page.getByText('已不予受理').waitFor();
    await ctx.close();
    expect((await caseOf(caseId)).status).toBe('rejected');
  });

  it('合并 offers the nearby cases as the master and merges into the one chosen', async () => {
    const first = await report('merge-a', '桥下一堆垃圾（浏览器测试）', 'exposed_garbage', at.lat - 0.001, at.lng + 0.001);
    const second = await report('merge-b', '桥下垃圾没人管（浏览器测试）', 'exposed_garbage', at.lat - 0.001, at.lng + 0.0011);
    expect(second.caseId).not.toBe(first.caseId);
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/triage?caseId=${second.caseId}`);
    await page
      .getByTestId('case-panel')
      .getByRole('button', { name: /^合\s?并$/ })
      .click();
    const { box, confirm } = dialog(page, '合并到已有案卷');
    // The nearest suspected duplicate is chosen already; earlier runs against the same server may have left others.
    await box.getByText(/^#\d+ · \d+ 米$/).waitFor();
    // Any case number may be typed, whether or not it is among the ten nearest.
    await box.locator('.ant-select').click();
    await page.keyboard.type(String(first.caseId));
    await page
      .locator('.ant-select-dropdown .ant-select-item-option', { hasText: `#${first.caseId}` })
      .first()
      .click();
    await shot(page, 'dialogs-02-merge');
    await confirm('合并');
    await page.getByText('已合并').waitFor();
    await ctx.close();
    const merged = await caseOf(second.caseId);
    expect(merged.status).toBe('merged');
    expect(merged.masterCaseId).toBe(first.caseId);
  });

  it('改派其他部门 dispatches to the department chosen, not the suggestion', async () => {
    const { caseId } = await report('dispatch', '人行道被占（浏览器测试）', 'exposed_garbage', at.lat + 0.001, at.lng - 0.001);
    const { token } = await staffToken('demo-dispatcher');
    const suggested = (await apiCall<{ triage: { routing: { departmentId: number | null } | null } }>(`/cases/${caseId}`, { token })).triage
      .routing?.departmentId;
    const depts = await apiCall<{ id: number; name: string }[] | { items: { id: number; name: string }[] }>('/departments', { token });
    const other = (Array.isArray(depts) ? depts : depts.items).find((d) => d.id !== suggested)!;
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/triage?caseId=${caseId}`);
    await page.getByTestId('case-panel').getByRole('button', { name: '改派其他部门' }).click();
    const { box, confirm } = dialog(page, '派遣到部门');
    await box.locator('.ant-select').click();
    await page.keyboard.type(other.name);
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: other.name }).first().click();
    await shot(page, 'dialogs-03-dispatch');
    await confirm('派遣');
    await page.getByText('已派遣').first().waitFor();
    await ctx.close();
    const c = await caseOf(caseId);
    expect(c.status).toBe('dispatched');
    expect(c.departmentId).toBe(other.id);
  });

  it('返工 needs a note and sends a resolved case back to its handler', async () => {
    const { caseId } = await report('rework', '垃圾桶满溢（浏览器测试）', 'exposed_garbage', at.lat - 0.001, at.lng - 0.001);
    const { token } = await staffToken('demo-dispatcher');
    await apiCall(`/cases/${caseId}/accept`, { token, body: {} });
    await apiCall(`/cases/${caseId}/dispatch`, { token, body: {} });
    const c = await apiCall<{ departmentId: number }>(`/cases/${caseId}`, { token });
    const depts = await apiCall<{ id: number; code: string }[] | { items: { id: number; code: string }[] }>('/departments', { token });
    const code = (Array.isArray(depts) ? depts : depts.items).find((d) => d.id === c.departmentId)!.code;
    const handler = (await staffToken(`demo-handler-${code}`)).token;
    await apiCall(`/cases/${caseId}/claim`, { token: handler, body: {} });
    const form = new FormData();
    const photo = join(ARTIFACTS, 'dialogs-after.jpg');
    writeFileSync(photo, await makePhoto(browser, '清理了一半', '#4b6b2f'));
    form.append('file', new Blob([new Uint8Array(await makePhoto(browser, '清理了一半', '#4b6b2f'))], { type: 'image/jpeg' }), 'after.jpg');
    const up = await apiCall<{ id: number }>('/uploads', { token: handler, form });
    await apiCall(`/cases/${caseId}/resolve`, { token: handler, body: { note: '已处理', photoIds: [up.id] } });

    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/verify?caseId=${caseId}`);
    await page
      .getByTestId('case-panel')
      .getByRole('button', { name: /^返\s?工$/ })
      .click();
    const { box, confirm } = dialog(page, '返工');
    await confirm('退回返工');
    await box.getByText('请说明需要返工的原因').waitFor();
    expect((await caseOf(caseId)).status).toBe('resolved');
    await box.locator('textarea').fill('只清理了一半，桶边还有垃圾');
    await shot(page, 'dialogs-04-rework');
    await confirm('退回返工');
    await page.getByText('已退回返工').waitFor();
    await ctx.close();
    expect((await caseOf(caseId)).status).toBe('in_progress');
  });
});

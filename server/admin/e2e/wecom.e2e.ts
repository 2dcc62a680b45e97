import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, BASE, launch, login, newPage, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

interface Dept {
  id: number;
  code: string;
  type: string;
}
interface SimCard {
  touser: string[];
  textcard: { title: string; url: string; description: string };
}

/**
 * 企业微信推送 (docs/domain.md §17): the admin gives the dispatcher a WeCom UserID on the staff page; a case
 * returned afterwards reaches the dispatcher as a text card in (simulated) WeCom that links to the case.
 */
describe('WeCom pushes of notices', () => {
  let browser: Browser;
  const wecomId = `e2e-disp-${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('the admin sets a WeCom id on the staff page, and the next notice reaches that person in WeCom', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-admin');
    await page.goto(`${BASE}/admin/config/users?q=demo-dispatcher`);
    const row = page.locator('tr.ant-table-row').filter({ has: page.getByRole('cell', { name: 'demo-dispatcher', exact: true }) });
    await row.waitFor();
    await row.getByRole('button', { name: '编辑' }).click();
    const field = (label: string) =>
      page
        .locator('.ant-modal .ant-form-item')
        .filter({ has: page.locator('label', { hasText: label }) })
        .locator('input');
    const input = field('企业微信账号');
    await input.waitFor();
    // The form is filled from the row before we type (else the row's value would overwrite ours).
    await expect.poll(() => field('姓名').inputValue()).toBe('调度员 周敏');
    await input.fill(wecomId);
    await expect.poll(() => input.inputValue()).toBe(wecomId);
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => row.innerText()).toContain(wecomId);
    await shot(page, 'wecom-01-staff-page');
    await ctx.close();

    const at = await pointInFirstGrid();
    const { caseId } = await residentReport(browser, {
      name: `e2e-wecom-${Date.now()}`,
      categoryCode: 'exposed_garbage',
      lat: at.lat,
      lng: at.lng,
      description: '垃圾桶满溢（企业微信推送测试）',
    });
    const { token: dispatcher } = await staffToken('demo-dispatcher');
    const depts = await apiCall<Dept[] | { items: Dept[] }>('/departments', { token: dispatcher });
    const dept = (Array.isArray(depts) ? depts : depts.items).find((d) => d.type === 'sanitation')!;
    await apiCall(`/cases/${caseId}/accept`, { token: dispatcher, body: {} });
    await apiCall(`/cases/${caseId}/dispatch`, { token: dispatcher, body: { departmentId: dept.id } });
    const { token: handler } = await staffToken(`demo-handler-${dept.code}`);
    await apiCall(`/cases/${caseId}/return`, { token: handler, body: { reason: '不属于本部门（推送测试）' } });

    // The outbox worker delivers within seconds; wait for the card to arrive in the simulated WeCom.
    const cardsForCase = async () => {
      const res = await fetch(`${BASE}/sim/wecom/_control/messages?touser=${wecomId}`);
      const body = (await res.json()) as { items: SimCard[] };
      return body.items.filter((m) => m.textcard.url.endsWith(`/admin/cases/${caseId}`));
    };
    await expect.poll(async () => (await cardsForCase()).length, { timeout: 60_000, interval: 1000 }).toBe(1);
    const [card] = await cardsForCase();
    expect(card.textcard.title).toBe(`退单：案卷 #${caseId} 需要重新派遣`);
    expect(card.textcard.description).toContain('不属于本部门（推送测试）');
  });
});

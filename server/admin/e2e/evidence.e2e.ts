import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, ARTIFACTS, BASE, launch, login, newPage, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

/** A photo with its own structure (random blocks), so it is a new picture for the perceptual hash, unlike any earlier upload. */
async function blockScene(browser: Browser): Promise<Buffer> {
  const { ctx, page } = await newPage(browser);
  await page.setViewportSize({ width: 640, height: 480 });
  const blocks = Array.from({ length: 12 }, () => {
    const [x, y, w, h] = [Math.random() * 560, Math.random() * 400, 40 + Math.random() * 200, 40 + Math.random() * 160].map(Math.round);
    const c = Math.floor(Math.random() * 0xffffff)
      .toString(16)
      .padStart(6, '0');
    return `<div style="position:absolute;left:${x}px;top:${y}px;width:${w}px;height:${h}px;background:#${c}"></div>`;
  }).join('');
  await page.setContent(`<body style="margin:0;background:#556b2f;position:relative;width:640px;height:480px">${blocks}</body>`);
  const buf = await page.screenshot({ type: 'jpeg', quality: 85 });
  await ctx.close();
  return buf;
}

/**
 * docs/domain.md §14 at the desk: the resolve dialog sends no invented location and says a desk upload is
 * recorded as unverified; the verification screen explains each check, shows before/after side by side,
 * and verifying unverified evidence asks for a note.
 */
describe('evidence at the desk: a desk resolve is unverified, verifying it needs a note, and the KPI screen counts it', () => {
  let browser: Browser;
  let caseId: number;
  let handlerName: string;

  beforeAll(async () => {
    browser = await launch();
    const at = await pointInFirstGrid();
    ({ caseId } = await residentReport(browser, {
      name: `e2e-evidence-${Date.now()}`,
      categoryCode: 'exposed_garbage',
      lat: at.lat,
      lng: at.lng,
      description: '人行道上有一袋垃圾（取证测试）',
    }));
    const { token } = await staffToken('demo-dispatcher');
    await apiCall(`/cases/${caseId}/accept`, { token, body: {} });
    const c = await apiCall<{ departmentId: number }>(`/cases/${caseId}/dispatch`, { token, body: {} });
    const depts = await apiCall<{ id: number; code: string }[] | { items: { id: number; code: string }[] }>('/departments', { token });
    handlerName = `demo-handler-${(Array.isArray(depts) ? depts : depts.items).find((d) => d.id === c.departmentId)!.code}`;
    const handler = await staffToken(handlerName);
    await apiCall(`/cases/${caseId}/claim`, { token: handler.token, body: {} });
  });
  afterAll(async () => browser?.close());

  it('the handler resolves from the desk: the dialog says the upload is recorded as unverified, and no location is sent', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, handlerName);
    await page.goto(`${BASE}/admin/cases/${caseId}`);
    await page.getByRole('button', { name: '处置完毕' }).click();
    await page.getByTestId('desk-resolve-note').getByText('电脑上传的处置照片将记为“证据未核实”').waitFor();
    const photo = join(ARTIFACTS, 'evidence-desk-after.jpg');
    writeFileSync(photo, await blockScene(browser));
    await page.locator('.ant-modal input[type=file]').setInputFiles(photo);
    await page.locator('.ant-modal textarea').fill('已清理');
    await shot(page, 'evidence-01-desk-resolve-dialog');
    const sent: unknown[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith(`/cases/${caseId}/resolve`)) sent.push(r.postDataJSON());
    });
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: '提 交' })
      .or(page.locator('.ant-modal').getByRole('button', { name: '提交' }))
      .first()
      .click();
    await page.getByText('已提交处置结果').waitFor();
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toHaveProperty('location');
    await ctx.close();
  });

  it('the dispatcher sees the evidence as unverified with each check explained, and must write a note to pass it', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/verify?caseId=${caseId}`);
    const panel = page.getByTestId('evidence-panel');
    await panel.getByText('证据未核实').waitFor();
    for (const name of ['现场拍摄', '拍摄时间', '新照片', '相机拍摄', '文件信息一致']) await panel.getByText(name).first().waitFor();
    await panel.getByText('没有拍摄位置').first().waitFor();
    await page.getByText('处置前', { exact: true }).waitFor();
    await page.getByText('处置后', { exact: true }).waitFor();
    await shot(page, 'evidence-02-verify-unverified');

    await page
      .getByRole('button', { name: '通 过' })
      .or(page.getByRole('button', { name: '通过' }))
      .first()
      .click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '核查通过（证据未核实）' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '核查通过并结案' }).click();
    await dialog.getByText('证据未核实，请填写核查说明').waitFor();
    await shot(page, 'evidence-03-note-required');
    const { token } = await staffToken('demo-dispatcher');
    expect((await apiCall<{ status: string }>(`/cases/${caseId}`, { token })).status).toBe('resolved');

    // A photo attached at the desk goes through the same checks; a desk upload has no capture facts, so it stays unverified.
    const photo = join(ARTIFACTS, 'evidence-desk-verify.jpg');
    writeFileSync(photo, await blockScene(browser));
    await dialog.locator('input[type=file]').setInputFiles(photo);
    await dialog.locator('textarea').fill('已到现场查看，垃圾已清理');
    const sent: { photoIds?: number[] }[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith(`/cases/${caseId}/verify`)) sent.push(r.postDataJSON());
    });
    await dialog.getByRole('button', { name: '核查通过并结案' }).click();
    await page.getByText('已核查结案').waitFor();
    expect(sent).toHaveLength(1);
    expect(sent[0].photoIds).toHaveLength(1);

    // The case page says how it was verified: with the verifier's photo, its checks, and on the timeline.
    await page.goto(`${BASE}/admin/cases/${caseId}`);
    const verification = page.getByTestId('verification-panel');
    await verification.getByTestId('verification-kind').getByText('现场核查').waitFor();
    await verification.getByText('核查照片未核实').waitFor();
    await verification.getByText('没有拍摄位置').first().waitFor();
    await page.getByText('现场核查：通过（核查照片未核实）').waitFor();
    await verification.scrollIntoViewIfNeeded();
    await shot(page, 'evidence-04-verified-with-photo');
    await ctx.close();
    const closed = await apiCall<{
      status: string;
      verification: { onSite: boolean; evidence: { verified: boolean; photoIds: number[] } };
    }>(`/cases/${caseId}`, { token });
    expect(closed.status).toBe('closed');
    expect(closed.verification).toMatchObject({ onSite: true, evidence: { verified: false } });
    expect(closed.verification.evidence.photoIds).toEqual(sent[0].photoIds);
  });

  it('the department ranking shows closures on verified evidence and the share unverified, as the API answered', async () => {
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    // The page asks for its own period (the picker's days): compare with exactly what it was answered.
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/stats/departments') && r.request().method() === 'GET');
    await page.goto(`${BASE}/admin/stats/departments`);
    const kpis = (await (await answered).json()) as {
      items: { departmentId: number; closed: number; closedVerified: number; unverifiedRate: number | null }[];
    };
    const busiest = [...kpis.items].sort((a, b) => b.closed - a.closed)[0];
    await page.getByRole('columnheader', { name: '证据已核实的结案' }).waitFor();
    await page.getByRole('columnheader', { name: '证据未核实占比' }).waitFor();
    const cell = page.getByTestId(`kpi-verified-${busiest.departmentId}`);
    await cell.waitFor();
    expect(await cell.textContent()).toBe(String(busiest.closedVerified));
    const r = busiest.unverifiedRate;
    const rate = r == null ? '—' : `${(Math.round(r * 1000 + 1e-9) / 10).toFixed(1)}%`;
    expect(await page.getByTestId(`kpi-unverified-${busiest.departmentId}`).textContent()).toBe(rate);
    await shot(page, 'evidence-05-department-ranking');
    await ctx.close();
  });
});

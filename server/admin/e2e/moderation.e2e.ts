import type { ModerationItemDto, Page } from '@sansui/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, BASE, launch, login, makePhoto, newPage, pointInFirstGrid, residentReport, shot, staffToken } from './harness';

/** A pure red JPEG with a label in the middle, encoded by the browser's canvas. */
async function redPhoto(browser: Browser, label: string): Promise<Buffer> {
  const { ctx, page } = await newPage(browser);
  const dataUrl = await page.evaluate((text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#ff0000';
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#ffffff';
    g.font = '48px sans-serif';
    g.fillText(`${text} ${Math.random().toString(36).slice(2, 8)}`, 120, 260);
    return canvas.toDataURL('image/jpeg', 0.9);
  }, label);
  await ctx.close();
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

interface ResidentReportView {
  photos: { id: number; hidden?: boolean }[];
  timeline: { text: string }[];
}

/**
 * 内容审核 (docs/domain.md §17): two reports whose photo the (simulated) WeChat check finds risky reach the
 * dispatcher's queue; one is approved with the photo kept hidden, the other rejected as 违规内容. Everything
 * is keyed by this suite's own report ids, so other suites' items in the queue do not matter.
 */
describe('moderation queue', () => {
  let browser: Browser;
  let dispatcher: string;
  const reports: { caseId: number; reportId: number; resident: string }[] = [];

  const pending = async () =>
    (await apiCall<Page<ModerationItemDto>>('/moderation/items?pageSize=100', { token: dispatcher })).items.map((i) => i.reportId);

  beforeAll(async () => {
    browser = await launch();
    ({ token: dispatcher } = await staffToken('demo-dispatcher'));
    const at = await pointInFirstGrid();
    for (const n of [1, 2]) {
      const resident = `e2e-moderation-${n}-${Date.now()}`;
      const r = await residentReport(browser, {
        name: resident,
        categoryCode: 'illegal_ads',
        lat: at.lat,
        lng: at.lng,
        description: `墙上小广告（审核测试 ${n}）`,
        // The simulator judges an image whose top-left corner is pure red as risky: drawn on a canvas, so it
        // does not depend on when the browser paints a page.
        photo: await redPhoto(browser, `违规图片 ${n}`),
      });
      reports.push({ ...r, resident });
    }
    // The image verdict arrives asynchronously (simulated WeChat push): wait until both are queued.
    for (const end = Date.now() + 90_000; ; await new Promise((r) => setTimeout(r, 250))) {
      const queued = await pending();
      if (reports.every((r) => queued.includes(r.reportId))) break;
      if (Date.now() > end) throw new Error(`reports ${reports.map((r) => r.reportId)} never reached the moderation queue`);
    }
  });
  afterAll(async () => browser?.close());

  it('the dispatcher approves a report keeping its risky photo hidden', async () => {
    const [r] = reports;
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/moderation?pageSize=100`);
    const card = page.locator(`[data-report-id="${r.reportId}"]`);
    await card.waitFor();
    await expect.poll(() => card.innerText()).toContain('疑似违规');
    // The risky photo is ticked "继续隐藏" from the start; the verdict label is shown beside it.
    const box = card.getByRole('checkbox', { name: '继续隐藏' }).first();
    expect(await box.isChecked()).toBe(true);
    expect(await card.innerText()).toContain('色情');
    await shot(page, 'moderation-01-queue');
    await card.getByTestId('moderation-approve').click();
    await card.waitFor({ state: 'detached' });

    await page.getByTestId('moderation-status').getByText('审核记录').click();
    const done = page.locator(`[data-report-id="${r.reportId}"]`);
    await done.getByTestId('moderation-decision').waitFor();
    await expect.poll(() => done.innerText()).toContain('审核通过');
    expect(await done.innerText()).toContain('隐藏照片 1 张');
    await shot(page, 'moderation-02-decided');
    await ctx.close();

    const { token } = await apiCall<{ token: string }>('/auth/wechat', { body: { code: `sim:${r.resident}` } });
    const view = await apiCall<ResidentReportView>(`/reports/${r.reportId}`, { token });
    expect(view.photos.every((p) => p.hidden)).toBe(true);
    expect(view.timeline.map((e) => e.text)).toContain('经人工审核，有 1 张照片不适合公开展示，已隐藏，不影响问题处理');
  });

  it('the dispatcher rejects a report as 违规内容 and the resident reads why', async () => {
    const [, r] = reports;
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/moderation?pageSize=100`);
    const card = page.locator(`[data-report-id="${r.reportId}"]`);
    await card.waitFor();
    await card.getByTestId('moderation-reject').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('驳回说明').fill('小广告图片含不良内容（审核测试）');
    await shot(page, 'moderation-03-reject-dialog');
    await dialog.getByRole('button', { name: '确认驳回' }).click();
    await card.waitFor({ state: 'detached' });
    await ctx.close();

    const detail = await apiCall<{ status: string }>(`/cases/${r.caseId}`, { token: dispatcher });
    expect(detail.status).toBe('rejected');
    const { token } = await apiCall<{ token: string }>('/auth/wechat', { body: { code: `sim:${r.resident}` } });
    const view = await apiCall<ResidentReportView>(`/reports/${r.reportId}`, { token });
    expect(view.timeline.map((e) => e.text)).toContain('未予受理：违规内容');
  });

  it('a feedback comment the check is unsure about waits in the queue with the words shown', async () => {
    // A resident's 随手捡 (pickup) closes on the dispatcher's desk check; their 解决了 comment names 敏感,
    // which the simulated check sends to review.
    const at = await pointInFirstGrid();
    const resident = `e2e-moderation-fb-${Date.now()}`;
    const { token } = await apiCall<{ token: string }>('/auth/wechat', { body: { code: `sim:${resident}` } });
    const upload = async (label: string, color: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await makePhoto(browser, label, color))], { type: 'image/jpeg' }), 'p.jpg');
      return (await apiCall<{ id: number }>('/uploads', { token, form })).id;
    };
    const r = await apiCall<{ id: number; caseId: number }>('/reports', {
      token,
      body: {
        kind: 'pickup',
        categoryCode: 'exposed_garbage',
        description: '顺手把路边垃圾捡了（审核测试）',
        location: { lat: at.lat, lng: at.lng },
        photoIds: [await upload('捡之前', '#6b4f2f')],
        afterPhotoIds: [await upload('捡之后', '#2f6b4f')],
        clientRequestId: `e2e-mod-fb-${Date.now()}`,
      },
    });
    await apiCall(`/cases/${r.caseId}/accept`, { token: dispatcher, body: {} });
    await apiCall(`/cases/${r.caseId}/verify`, { token: dispatcher, body: { passed: true, note: '案头核查：前后照片一致（审核测试）' } });
    const comment = `已经干净了，就是有点敏感的气味（${r.id}）`;
    await apiCall(`/reports/${r.id}/feedback`, { token, body: { satisfied: true, comment } });

    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/dispatch/moderation?pageSize=100`);
    const card = page.locator(`[data-report-id="${r.id}"]`);
    const feedback = card.getByTestId('moderation-feedback');
    await feedback.waitFor();
    expect(await feedback.innerText()).toContain(comment);
    expect(await feedback.innerText()).toContain('居民反馈（已解决）');
    expect(await feedback.innerText()).toContain('文字：需人工复核');
    await shot(page, 'moderation-04-feedback');
    await card.getByTestId('moderation-approve').click();
    await card.waitFor({ state: 'detached' });
    await ctx.close();
    expect(await pending()).not.toContain(r.id);
  });
});

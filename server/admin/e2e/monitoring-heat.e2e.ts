import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, launch, login, newPage, shot, staffToken } from './harness';

/** A 1×1 light-grey PNG: every street tile of the intercepted tile source. */
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8+/fvfwAJ+wP9Ke3cTwAAAABJRU5ErkJggg==', 'base64');

/** The points the heat map should draw: those of the monitoring list inside the grids it shows. */
async function expectedPoints(username: string): Promise<{ key: string; reasonText: string }[]> {
  const { token } = await staffToken(username);
  const get = async <T>(path: string) =>
    (await (await fetch(`${BASE}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as T;
  const grids = await get<{ features: { properties: { id: number } }[] }>('/grids');
  const ids = new Set(grids.features.map((f) => f.properties.id));
  const points = await get<{ items: { key: string; gridId: number | null; reasonText: string }[] }>('/monitoring-points');
  return points.items.filter((p) => p.gridId !== null && ids.has(p.gridId));
}

/** Street tiles from a source the browser is given (the demo server has none): Leaflet draws the heat map. */
async function withStreetTiles(page: Page): Promise<void> {
  await page.route('**/api/v1/geo/map-config', (route) =>
    route.fulfill({
      json: { tiles: { urlTemplate: `${BASE}/e2e-tiles/{z}/{x}/{y}.png`, attribution: '测试底图', subdomains: 'abc', maxZoom: 18 } },
    }),
  );
  await page.route('**/e2e-tiles/**', (route) => route.fulfill({ body: TILE, contentType: 'image/png' }));
}

/** docs/domain.md §16: 重点监控点位 on 统计分析's grid heat map, for those allowed to read them, on tiles and without. */
describe('monitoring points on the heat map', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('an auditor sees them as markers on the street tiles, with a legend and a popup saying why and how long clean', async () => {
    const expected = await expectedPoints('demo-auditor');
    expect(expected.length).toBeGreaterThan(0); // the demo starts with points
    const { ctx, page } = await newPage(browser);
    await withStreetTiles(page);
    await login(page, 'demo-auditor');
    await page.goto(`${BASE}/admin/stats/trends`);
    await page.locator('[data-testid="tile-map"][data-tiles-loaded]').waitFor();
    const markers = page.locator('.leaflet-marker-icon.monitoring-marker');
    await expect.poll(() => markers.count()).toBe(expected.length);
    const keys = await markers.locator('[data-point]').evaluateAll((els) => els.map((e) => e.getAttribute('data-point')));
    expect(keys.sort()).toEqual(expected.map((p) => p.key).sort());
    await expect.poll(() => page.getByTestId('heat-monitoring').getAttribute('data-count')).toBe(String(expected.length));
    const legend = (await page.getByTestId('heat-monitoring-legend-item').allInnerTexts()).join(' ');
    expect(legend).toContain('同类问题多发');
    expect(legend).toContain('连续两轮检查发现');

    // Keyboard: the marker takes focus and Enter opens its popup.
    await markers.first().focus();
    await page.keyboard.press('Enter');
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    const text = await popup.innerText();
    expect(text).toMatch(/^重点监控点位：/);
    expect(text).toMatch(/问题分类：\S+/);
    expect(text).toMatch(/列入原因：(90 天内同类问题 3 件以上|连续两轮检查发现同类问题)/);
    expect(text).toMatch(/已连续 \d+ 天无新问题，如无新问题 \d{4}-\d{2}-\d{2} 移出/);
    await page.getByTestId('heat-monitoring').scrollIntoViewIfNeeded();
    await shot(page, 'monitoring-heat-tiles');
    await ctx.close();
  });

  it('without street tiles the drawn map carries them too: the list under it shows each one’s tooltip on the map', async () => {
    const expected = await expectedPoints('demo-dispatcher');
    const { ctx, page } = await newPage(browser);
    await login(page, 'demo-dispatcher');
    await page.goto(`${BASE}/admin/stats/trends`);
    const list = page.getByTestId('heat-monitoring');
    await list.waitFor();
    await expect.poll(() => list.getAttribute('data-count')).toBe(String(expected.length));
    expect(await page.getByTestId('heat-map').getAttribute('data-monitoring-points')).toBe(String(expected.length));
    expect(await page.locator('[data-testid="tile-map"]').count()).toBe(0);
    const first = list.locator('li').first();
    const key = await first.getAttribute('data-point');
    const reason = expected.find((p) => p.key === key)!.reasonText;
    await first.getByRole('button').click();
    const tooltip = page.getByTestId('heat-map').getByText(`列入原因：${reason}`);
    await tooltip.waitFor();
    expect(await tooltip.innerText()).toMatch(/重点监控点位：[\s\S]*已连续 \d+ 天无新问题/);
    await shot(page, 'monitoring-heat-fallback');
    await ctx.close();
  });

  it('a department manager sees the heat map as before: no markers, no request for them, no error', async () => {
    const { ctx, page } = await newPage(browser);
    const asked: string[] = [];
    page.on('request', (r) => r.url().includes('/monitoring-points') && asked.push(r.url()));
    await login(page, 'demo-manager-sanitation-xihu');
    await page.goto(`${BASE}/admin/stats/trends`);
    await page.getByTestId('heat-legend').waitFor();
    await page.getByTestId('heat-busiest').waitFor();
    expect(await page.getByTestId('heat-monitoring').count()).toBe(0);
    expect(await page.getByTestId('heat-map').getAttribute('data-monitoring-points')).toBeNull();
    expect(await page.locator('.ant-message-error, .ant-notification-notice-error, .ant-alert-error').count()).toBe(0);
    expect(asked).toEqual([]);
    await ctx.close();
  });
});

// 街道底图的浏览器测试（H5 和管理后台）：本地瓦片服务 + 一个配置了 MAP_TILE_URL 的服务端（模拟器 + 演示数据）。
//   node e2e/tiles.mjs      自己启动瓦片服务和构建好的服务端（server/dist，端口 E2E_TILES_PORT 或 3472，临时 SQLite）
// 需要先 pnpm build:h5、管理后台的 build 和 pnpm -C server build。截图保存在 e2e/artifacts/tiles-*.png。
// 查的是：瓦片按视图的 z/x/y 请求并画在对的位置、图钉在底图上能拖动；瓦片服务停掉后（像离线）退回网格画法，图钉照样能拖。
// 共用的演示服务端没有配置底图，其余浏览器测试走的是网格画法。只等页面上的状态，不等时间。
import { demoApi, launchChromium, openPhone, runSuite, screenshot, seriousA11yViolations, startDemoServer } from './harness.mjs';
import { dragFromCentre } from './lib.mjs';
import { startTileServer, tileOf } from './tile-server.mjs';

const tiles = await startTileServer();
const server = await startDemoServer({
  port: Number(process.env.E2E_TILES_PORT ?? 3472),
  tag: 'tiles',
  env: { MAP_TILE_URL: tiles.template, MAP_TILE_ATTRIBUTION: '© 测试底图' },
});
const base = server.base;

const { browser, close: closeBrowser } = await launchChromium();

// 保俶塔旁（WGS-84；H5 换算成 GCJ-02），演示数据在附近有待受理的问题
const AT = { lat: 30.2687, lng: 120.1367 };

/** 手机浏览器；bypassCSP 只给注入 axe-core 的那一步（其余步骤要验证 CSP 放行了瓦片服务） */
const phone = ({ bypassCSP = false } = {}) => openPhone(browser, { at: AT, accuracy: 15, bypassCSP, timeout: 20_000 });

async function desktop() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${base}/admin/login`);
  await page.fill('#username', 'demo-dispatcher');
  await page.fill('#password', 'demo-pass-2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
  return { context, page };
}

const shot = (page, name) => screenshot(page, `tiles-${name}`, { fullPage: false });

/**
 * The map `box` (a Leaflet container with data-center / data-zoom) shows the tile under its centre: requested from
 * the tile server with the z/x/y the standard web-mercator formula gives, loaded, and drawn where the centre is.
 */
async function expectCentreTileDrawn(page, box) {
  await page.waitForFunction((el) => Number(el.dataset.tilesLoaded ?? 0) > 0 && el.dataset.center, await box.elementHandle());
  const [lat, lng] = (await box.getAttribute('data-center')).split(',').map(Number);
  const want = tileOf(lat, lng, Number(await box.getAttribute('data-zoom')));
  const img = box.locator(`img.leaflet-tile[src$="/tiles/${want.z}/${want.x}/${want.y}.png"]`);
  await box.locator(`img.leaflet-tile-loaded[src$="/tiles/${want.z}/${want.x}/${want.y}.png"]`).waitFor();
  if (!tiles.requests.some((r) => r.z === want.z && r.x === want.x && r.y === want.y))
    throw new Error(`tile ${JSON.stringify(want)} not requested; got ${JSON.stringify(tiles.requests.slice(-12))}`);
  const drawn = await img.evaluate((el) => el.complete && el.naturalWidth === 256);
  if (!drawn) throw new Error('centre tile not decoded');
  const b = await box.boundingBox();
  const t = await img.boundingBox();
  const [cx, cy] = [b.x + b.width / 2, b.y + b.height / 2];
  if (!(t.x <= cx && cx <= t.x + t.width && t.y <= cy && cy <= t.y + t.height))
    throw new Error(`tile ${JSON.stringify(want)} drawn at ${JSON.stringify(t)}, map centre at ${cx},${cy}`);
  return { lat, lng };
}

async function openSnap(p) {
  await p.page.goto(`${base}/h5/`);
  await p.tid('go-snap').click();
  await p.tid('privacy-agree').click();
}

const demo = demoApi(base);
async function someCaseId() {
  const list = await demo.call('/cases?pageSize=1', await demo.staffLogin('demo-dispatcher'));
  const id = list.items[0]?.id;
  if (!id) throw new Error('the demo has no case');
  return id;
}

await runSuite({
  tag: 'tiles',
  keepGoing: true,
  body: async (step) => {
    await step('H5 随手拍：街道底图按图钉所在的 z/x/y 加载并画在中间，拖动地图移动图钉', async () => {
      const p = await phone();
      await openSnap(p);
      await p.page.locator('[data-map-mode="tiles"]:visible').waitFor();
      const box = p.tid('map-tiles');
      const before = await expectCentreTileDrawn(p.page, box);
      await p
        .tid('pin-address')
        .getByText(/地址：/)
        .waitFor();
      if (!(await p.page.getByText('© 测试底图').isVisible())) throw new Error('attribution not shown');
      await shot(p.page, '01-snap-tiles');
      // 按住地图往右上拖：地图中心（图钉）移到原来的西南方
      await dragFromCentre(p.page, box, 40, -20);
      await p.page.getByText(/已手动调整位置/).waitFor();
      await p.page.waitForFunction(
        ([el, old]) => el.dataset.center !== old,
        [await box.elementHandle(), `${before.lat.toFixed(6)},${before.lng.toFixed(6)}`],
      );
      const after = await expectCentreTileDrawn(p.page, box);
      if (!(after.lng < before.lng && after.lat < before.lat))
        throw new Error(`pin moved from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
      await p
        .tid('pin-address')
        .getByText(/地址：/)
        .waitFor();
      await shot(p.page, '02-snap-pin-dragged');
      await p.context.close();
    });

    await step('H5 附近问题：底图上画出附近的问题和“你在这里”', async () => {
      const p = await phone();
      await p.page.goto(`${base}/h5/#/pkg-explore/nearby/index`);
      await p.tid('privacy-agree').click();
      await p.page.locator('[data-map-mode="tiles"]:visible').waitFor();
      await expectCentreTileDrawn(p.page, p.tid('map-tiles'));
      await p.page.locator('[data-testid="map-marker"]').first().waitFor();
      // Exactly one “你在这里” on the map on screen (a redraw once left a second one behind).
      await p.page.locator('[data-map-mode="tiles"]:visible .map-here-label', { hasText: '你在这里' }).waitFor();
      await shot(p.page, '03-nearby-tiles');
      await p.context.close();
    });

    await step('无障碍：底图模式下随手拍和附近问题没有严重或致命的 axe-core 问题', async () => {
      const p = await phone({ bypassCSP: true });
      const found = {};
      await openSnap(p);
      await p.page.waitForFunction(() => Number(document.querySelector('[data-testid="map-tiles"]')?.dataset.tilesLoaded ?? 0) > 0);
      let v = await seriousA11yViolations(p.page);
      if (v.length) found['随手拍'] = v;
      await p.page.goto(`${base}/h5/#/pkg-explore/nearby/index`);
      await p.page.locator('[data-testid="map-marker"]').first().waitFor();
      v = await seriousA11yViolations(p.page);
      if (v.length) found['附近问题'] = v;
      if (Object.keys(found).length) throw new Error(`axe-core:\n${JSON.stringify(found, null, 2)}`);
      await p.context.close();
    });

    await step('管理后台：案卷页的网格地图和网格热力图画在街道底图上，重画以后标签不重复', async () => {
      const dispatcher = await demo.staffLogin('demo-dispatcher');
      const [a, b] = (await demo.call('/cases?pageSize=2', dispatcher)).items.map((c) => c.id);
      if (!b) throw new Error('the demo has fewer than two cases');
      const d = await desktop();
      await d.page.goto(`${base}/admin/cases/${a}`);
      const caseMap = d.page.getByRole('region', { name: /网格地图.*街道底图/ });
      await caseMap.waitFor();
      await expectCentreTileDrawn(d.page, caseMap);
      const pointLabels = caseMap.locator('.leaflet-tooltip, .map-point-label');
      await pointLabels.filter({ hasText: `#${a}` }).waitFor();
      await shot(d.page, '04-admin-case');
      // Another case in the same page (browser back / forward, a link between cases): the map is redrawn, and a
      // permanent Leaflet tooltip used to stay behind on each redraw. Exactly the open case's label must show.
      await d.page.evaluate((path) => {
        history.pushState(null, '', path);
        dispatchEvent(new PopStateEvent('popstate'));
      }, `/admin/cases/${b}`);
      await pointLabels.filter({ hasText: `#${b}` }).waitFor();
      let texts = await pointLabels.allTextContents();
      if (texts.join() !== `#${b}`) throw new Error(`case map labels after opening #${b}: ${texts.join(', ')}`);
      await d.page.goBack();
      await pointLabels.filter({ hasText: `#${a}` }).waitFor();
      texts = await pointLabels.allTextContents();
      if (texts.join() !== `#${a}`) throw new Error(`case map labels after going back to #${a}: ${texts.join(', ')}`);

      await d.page.goto(`${base}/admin/stats/trends`);
      const heat = d.page.getByRole('region', { name: /网格热力图/ });
      await heat.waitFor();
      await expectCentreTileDrawn(d.page, heat);
      await d.page.getByTestId('heat-legend').waitFor();
      const grids = (await demo.call('/grids', dispatcher)).features.length;
      const heatLabels = heat.locator('.heat-tile-label');
      await heat.locator('.heat-tile-label > span').first().waitFor();
      if ((await heatLabels.count()) !== grids) throw new Error(`${await heatLabels.count()} grid labels for ${grids} grids`);
      // Another category redraws the heat map: still one label per grid
      await heatLabels.evaluateAll((els) => els.forEach((e) => e.setAttribute('data-drawn-before', '')));
      await d.page.locator('.ant-card', { hasText: '网格热力图' }).locator('.ant-select').first().click();
      await d.page.locator('.ant-select-item-option').nth(1).click();
      await heat.locator('.heat-tile-label:not([data-drawn-before]) > span').first().waitFor();
      if ((await heatLabels.count()) !== grids)
        throw new Error(`${await heatLabels.count()} grid labels for ${grids} grids after a redraw`);
      await heat.scrollIntoViewIfNeeded();
      await shot(d.page, '05-admin-heat');
      await d.context.close();
    });

    await step('瓦片服务停了（离线）：H5 和管理后台退回网格画法，图钉照样能拖', async () => {
      await tiles.close();
      const p = await phone();
      await openSnap(p);
      await p.tid('map-tiles-failed').waitFor();
      await p.page.locator('[data-map-mode="grid"]:visible').waitFor();
      await dragFromCentre(p.page, p.tid('map-svg'), 40, -20);
      await p.page.getByText(/已手动调整位置/).waitFor();
      await shot(p.page, '06-snap-offline');
      await p.context.close();

      const d = await desktop();
      await d.page.goto(`${base}/admin/cases/${await someCaseId()}`);
      await d.page.getByRole('img', { name: /网格地图/ }).waitFor();
      await d.page.goto(`${base}/admin/stats/trends`);
      await d.page.getByTestId('heat-legend').waitFor();
      await d.page.locator('[data-testid="tile-map"]').waitFor({ state: 'detached' });
      await d.page.locator('.ant-card', { hasText: '网格热力图' }).locator('[_echarts_instance_]').waitFor();
      await shot(d.page, '07-admin-heat-offline');
      await d.context.close();
    });
  },
  cleanup: async () => {
    await closeBrowser();
    await tiles.close();
    await server.stop();
  },
});

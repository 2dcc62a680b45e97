// 重点监控点位在工作台（docs/domain.md §16）的 H5 浏览器测试，只对真服务端（演示数据）跑：
//   E2E_BASE_URL=http://127.0.0.1:3000 node e2e/monitoring.mjs
// 管理员（接口）给巡查员生成绑定码 → 巡查员在手机上绑定 → 工作台 → 重点监控点位：每个点位写明地点、分类、原因、
// 已连续几天无问题和离我多远 → 点“在此记录检查发现”进入检查记录，写明在复查哪里。截图 e2e/artifacts/monitoring-*.png。
import { demoApi, launchChromium, openPhone, runSuite, screenshot, seriousA11yViolations } from './harness.mjs';

const base = process.env.E2E_BASE_URL;
if (!base) {
  console.log('skip monitoring suite: it needs the real server (E2E_BASE_URL)');
  process.exit(0);
}

const { call, staffLogin } = demoApi(base);
const { browser, close: closeBrowser } = await launchChromium();
const pageErrors = [];
// 巡查员站在演示城区里（浏览器定位，H5 换算成 GCJ-02），离点位几百米
const { page, tid } = await openPhone(browser, { at: { lat: 30.2741, lng: 120.1551 }, accuracy: 15, pageErrors, bypassCSP: true });
const shot = (name) => screenshot(page, `monitoring-${name}`);

let expected = [];
await runSuite({
  tag: 'monitoring',
  body: async (step) => {
    await step('准备：管理员给巡查员生成绑定码，巡查员在手机上绑定', async () => {
      const admin = await staffLogin('demo-admin');
      const users = await call('/users?kind=staff&q=demo-inspector', admin);
      const inspector = users.items.find((u) => u.username === 'demo-inspector');
      const code = (await call('/staff-bind-codes', admin, { userId: inspector.id })).code;
      expected = (await call('/monitoring-points', await staffLogin('demo-inspector'))).items;
      if (expected.length === 0) throw new Error('the demo has no monitoring points');
      await page.goto(`${base}/h5/#/pkg-staff/home/index`);
      await tid('bind-code-input').locator('input').first().fill(code);
      await tid('bind-submit').click();
      await tid('staff-who').waitFor();
    });

    await step('工作台 → 重点监控点位：地点、分类、原因、无问题天数、离我多远，都是中文，没有坐标', async () => {
      await tid('go-monitoring').click();
      await page.locator('[data-testid="monitoring-item"]:visible').first().waitFor();
      // 定位拿到后每个点位都写离我多远
      await page.locator('[data-testid="monitoring-distance"]:visible').first().waitFor();
      const cards = page.locator('[data-testid="monitoring-item"]:visible');
      const keys = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-point')));
      if (JSON.stringify([...keys].sort()) !== JSON.stringify(expected.map((p) => p.key).sort()))
        throw new Error(`points ${JSON.stringify(keys)} ≠ ${JSON.stringify(expected.map((p) => p.key))}`);
      for (const p of expected) {
        const text = await page.locator(`[data-testid="monitoring-item"][data-point="${p.key}"]:visible`).innerText();
        for (const want of [p.categoryName, p.reasonText, `已连续 ${p.cleanDays} 天无新问题`, p.address ?? p.gridName ?? ''])
          if (!text.includes(want)) throw new Error(`point ${p.key} card "${text}" lacks "${want}"`);
        if (!/距你约 [\d.]+ (米|公里)/.test(text)) throw new Error(`no distance on "${text}"`);
        if (/\d+\.\d{4,}/.test(text)) throw new Error(`bare coordinates on "${text}"`);
      }
      const v = await seriousA11yViolations(page);
      if (v.length) throw new Error(`axe: ${v.join('; ')}`);
      await shot('01-list');
    });

    await step('点“在此记录检查发现”：检查记录写明在复查哪个点位', async () => {
      const first = expected.find((p) => p.address) ?? expected[0];
      await page.locator(`[data-testid="monitoring-item"][data-point="${first.key}"]:visible [data-testid="monitoring-record"]`).click();
      const banner = tid('finding-revisit');
      await banner.waitFor();
      const text = await banner.innerText();
      if (!text.includes(first.address ?? first.gridName ?? '')) throw new Error(`revisit banner: ${text}`);
      await shot('02-record');
    });

    await step('页面没有报错', async () => {
      if (pageErrors.length) throw new Error(pageErrors.join('\n'));
    });
  },
  onError: () => shot('failure'),
  cleanup: closeBrowser,
});

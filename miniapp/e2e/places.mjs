// 选点与“我也遇到”的浏览器测试（playwright-core + chromium，手机尺寸），对真服务端（模拟器 + 演示数据）跑：
//   node e2e/places.mjs                      自己启动构建好的服务端（server/dist，端口 E2E_PORT 或 3470，临时 SQLite）
//   E2E_BASE_URL=http://127.0.0.1:3470 node e2e/places.mjs
// 需要先 pnpm build:h5 和 pnpm -C server build。截图保存在 e2e/artifacts/places-*.png。
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ART = fileURLToPath(new URL('./artifacts/', import.meta.url));
const SERVER = fileURLToPath(new URL('../../server/', import.meta.url));
mkdirSync(ART, { recursive: true });

let base = process.env.E2E_BASE_URL;
let server;
if (!base) {
  const port = Number(process.env.E2E_PORT ?? 3470);
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['dist/main.js'], {
    cwd: SERVER,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sansui-places-e2e-')),
      DEMO_DATA: 'true',
      JOBS_ENABLED: 'false',
      LOG_LEVEL: 'error',
      WECHAT_MODE: 'simulator',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const end = Date.now() + 180_000;
  for (;;) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > end) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  env: { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'sansui-chrome-home-')) },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** 一个手机浏览器，定位在 at（GCJ-02，H5 直接用浏览器给的坐标） */
async function phone(at) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: { latitude: at.lat, longitude: at.lng, accuracy: 15 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page, tid: (id) => page.locator(`[data-testid="${id}"]:visible`) };
}

const shot = (page, name) =>
  page.waitForTimeout(300).then(() => page.screenshot({ path: join(ART, `places-${name}.png`), fullPage: true }));
let failed = false;
const step = async (name, fn) => {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
  }
};

async function openSnap(p) {
  await p.page.goto(`${base}/h5/`);
  await p.tid('go-snap').click();
  await p.tid('privacy-agree').click();
}

await step('图钉在服务区外：填表前就说明，提交按钮不可用', async () => {
  const p = await phone({ lat: 30.2905, lng: 120.1551 }); // 演示城区以北约 700 米
  await openSnap(p);
  await p.tid('pin-outside').waitFor();
  const text = await p.tid('pin-outside').textContent();
  if (!text.includes('不在服务区')) throw new Error(`outside text: ${text}`);
  const cls = await p.tid('submit-report').getAttribute('class');
  if (!cls.includes('btn--disabled')) throw new Error(`submit button class: ${cls}`);
  await p.page
    .getByText(/还差：.*服务区内的位置/)
    .first()
    .waitFor();
  await shot(p.page, '01-outside');
  await p.context.close();
});

await step('图钉在服务区内：显示地址；附近已有问题的卡片，点“我也遇到”后关注该问题', async () => {
  // 浏览器给的是 WGS-84，H5 换算成 GCJ-02（约 +0.0023°N 反向、+0.0047°E）：这里落在保俶塔旁（演示数据有待受理的问题）
  const p = await phone({ lat: 30.2687, lng: 120.1367 });
  await openSnap(p);
  await p
    .tid('pin-address')
    .getByText(/地址：西湖区北山街道 .+附近/)
    .waitFor();
  await p.tid('nearby-item').first().waitFor();
  const first = p.tid('nearby-item').first();
  const distance = await first.locator('[data-testid="nearby-distance"]').textContent();
  if (!/约 \d+ 米/.test(distance)) throw new Error(`distance: ${distance}`);
  await shot(p.page, '02-nearby-at-pin');
  await first.locator('[data-testid="me-too"]').click();
  const confirm = p.page.locator('.taro-modal__foot:visible > :last-child').first();
  await confirm.waitFor();
  await shot(p.page, '03-me-too-modal');
  await confirm.click();
  await p.tid('followed-case').waitFor();
  await p.page.getByText(/共 \d+ 人也遇到/).waitFor();
  await shot(p.page, '04-followed');
  await p.context.close();
});

await browser.close();
server?.kill('SIGTERM');
process.exit(failed ? 1 : 0);

// Screenshots of docs/guide-resident.md: drives the H5 app (miniapp/dist-h5) on a real demo server the way
// miniapp/e2e/smoke.mjs does, with the staff steps done through the API, and writes small PNGs to
// docs/guide-resident/. Start a demo server first (DEMO_DATA=true, simulator mode, fresh DATA_DIR):
//   cd /work/main && PORT=3437 DATA_DIR=$(mktemp -d) DEMO_DATA=true node server/dist/main.js &
//   node scripts/guide-resident-shots.mjs http://127.0.0.1:3437
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'guide-resident');
const RAW = mkdtempSync(join(tmpdir(), 'guide-resident-'));
const base = process.argv[2] ?? process.env.E2E_BASE_URL;
if (!base) throw new Error('usage: node scripts/guide-resident-shots.mjs http://127.0.0.1:<port>');
const { chromium } = createRequire(join(ROOT, 'miniapp', 'package.json'))('playwright-core');
const sharp = createRequire(join(ROOT, 'server', 'package.json'))('sharp');
mkdirSync(OUT, { recursive: true });

/** Height limits (px at 540 wide) for long pages whose top part is what the guide shows; cut between cards. */
const CROP = { '05-pickup-form': 1169, '11-detail-closed': 1080, '12-feedback-unsolved': 1200, '13-feedback-unsolved-done': 1000 };

/** Test photos: random circles, different on every run (the server holds rewards for reused photos). */
const RUN = Math.floor(Math.random() * 1e6);
const photo = async (i) => {
  const p = join(RAW, `photo-${i}.jpg`);
  let seed = 7 + i * 1013 + RUN;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const c = () => `rgb(${Math.round(rnd() * 255)},${Math.round(rnd() * 255)},${Math.round(rnd() * 255)})`;
  const shapes = Array.from(
    { length: 40 },
    () => `<circle cx="${Math.round(rnd() * 800)}" cy="${Math.round(rnd() * 600)}" r="${Math.round(20 + rnd() * 90)}" fill="${c()}"/>`,
  ).join('');
  await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="${c()}"/>${shapes}</svg>`,
    ),
  )
    .jpeg({ quality: 80 })
    .toFile(p);
  return p;
};
const photos = await Promise.all([0, 1, 2, 3, 4, 5].map(photo));

const api = async (path, { token, method = 'GET', body, form } = {}) => {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(`${base}/api/v1${path}`, { method, headers, body: form ?? (body ? JSON.stringify(body) : undefined) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
};
const login = async (username) => (await api('/auth/staff', { method: 'POST', body: { username, password: 'demo-pass-2026' } })).token;
const dispatcher = await login('demo-dispatcher');
const caseOf = async (reportId) =>
  (await api('/cases?pageSize=100', { token: dispatcher })).items.find((x) => x.reportIds?.includes(reportId));
// pause between actions: SQLite stores event times to the second and the H5 timeline sorts by time only
const act = async (id, action, body = {}, token = dispatcher) => {
  await new Promise((r) => setTimeout(r, 1100));
  return api(`/cases/${id}/${action}`, { token, method: 'POST', body });
};
const payout = async () => {
  const batch = await api('/payout-batches', { token: dispatcher, method: 'POST', body: {} });
  await api(`/payout-batches/${batch.id}/approve`, { token: await login('demo-auditor'), method: 'POST', body: {} });
};
/** accept + dispatch, then the department's handler claims and resolves with an after-photo at the spot; dispatcher verifies. */
const handleAndClose = async (c) => {
  const detail = await api(`/cases/${c.id}`, { token: dispatcher });
  const depts = await api('/departments', { token: dispatcher });
  const dept = depts.find((d) => d.id === detail.departmentId);
  const handler = await login(`demo-handler-${dept.code}`);
  await act(c.id, 'claim', {}, handler);
  const form = new FormData();
  form.append('file', new Blob([readFileSync(photos[3])], { type: 'image/jpeg' }), 'after.jpg');
  const up = await api('/uploads', { token: handler, method: 'POST', form });
  await act(c.id, 'resolve', { photoIds: [up.id], location: detail.location, note: '已清运' }, handler);
  await act(c.id, 'verify', { passed: true });
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const context = await browser.newContext({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  geolocation: { latitude: 30.2745, longitude: 120.1505, accuracy: 18 },
  permissions: ['geolocation'],
});
const page = await context.newPage();
/** full: grow the viewport to the page's scroll height (Taro H5 scrolls inside .taro_page), capped; top: scroll to the top first. */
const shot = async (name, full = true, top = false) => {
  await page.waitForTimeout(400);
  if (top)
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('.taro_page')) el.scrollTop = 0;
    });
  if (full) {
    const h = await page.evaluate(() =>
      Math.max(
        844,
        ...[...document.querySelectorAll('.taro_page')]
          .filter((e) => getComputedStyle(e).display !== 'none' && e.clientHeight > 0)
          .map((e) => e.scrollHeight),
      ),
    );
    await page.setViewportSize({ width: 390, height: Math.min(1700, Math.max(844, h)) });
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: join(RAW, `${name}.png`) });
  if (full) await page.setViewportSize({ width: 390, height: 844 });
  console.log('shot', name);
};
const tid = (id) => page.locator(`[data-testid="${id}"]:visible`);
const confirmModal = async () => {
  const b = page.locator('.taro-modal__foot:visible > :last-child').first();
  await b.waitFor({ timeout: 10000 });
  await b.click();
};
/** via: the item of the 拍照 / 从相册选择 sheet (随手拍 asks; evidence photos open the camera directly) */
const choose = async (locator, files, via) => {
  const c = page.waitForEvent('filechooser');
  await locator.click();
  if (via) await page.getByText(via, { exact: true }).click();
  await (await c).setFiles(files);
};
const idFromUrl = () => Number(/id=(\d+)/.exec(page.url())[1]);

try {
  await page.goto(`${base}/h5/`);
  await tid('campaign-stats').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="campaign-stats"]')?.textContent?.includes('—'));
  await shot('01-home');

  // 随手拍
  await tid('go-snap').click();
  await tid('privacy-popup').waitFor();
  await shot('02-privacy-popup', false);
  await tid('privacy-agree').click();
  await page.getByText(/定位精度约/).waitFor();
  await choose(tid('photos-add'), [photos[0], photos[1]], '从相册选择');
  await page.locator('[data-testid="photo-thumb"][data-uploaded="1"]:visible').nth(1).waitFor();
  await tid('category-exposed_garbage').click();
  await page.locator('textarea:visible').first().fill('小区东门垃圾堆了两天');
  await shot('03-snap-form', false, true);
  await tid('submit-report').click();
  await tid('fresh-banner').waitFor({ timeout: 15000 });
  const snapId = idFromUrl();
  await shot('04-snap-submitted');

  // 随手捡
  await page.goto(`${base}/h5/#/pkg-report/pickup/index`);
  await page.getByText(/定位精度约|已手动调整/).waitFor();
  await choose(tid('before-photos-add'), [photos[2]]);
  await choose(tid('after-photos-add'), [photos[4]]);
  await page.locator('[data-testid="photo-thumb"][data-uploaded="1"]:visible').nth(1).waitFor();
  await tid('category-exposed_garbage').click();
  await shot('05-pickup-form');
  await tid('submit-report').click();
  await tid('fresh-banner').waitFor({ timeout: 15000 });

  // 我的上报 / 进度
  const c = await caseOf(snapId);
  await act(c.id, 'accept');
  await act(c.id, 'dispatch');
  await page.goto(`${base}/h5/#/pkg-mine/reports/index`);
  await tid('report-item').nth(1).waitFor();
  await shot('06-my-reports');
  await page.goto(`${base}/h5/#/pkg-mine/detail/index?id=${snapId}`);
  await page
    .getByText(/已交给/)
    .first()
    .waitFor();
  await shot('07-detail-dispatched');

  // 红包
  await payout();
  await page.goto(`${base}/h5/#/pkg-mine/rewards/index`);
  await tid('claim-reward').first().waitFor();
  await shot('08-rewards-claimable');
  await tid('claim-reward').first().click();
  await page.waitForTimeout(300);
  await shot('09-rewards-confirm', false);
  await confirmModal();
  await page.locator('[data-testid="reward-item"][data-status="paid"]:visible').first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(2000);
  await shot('10-rewards-paid');

  // 办结 → 评价 / 没有解决
  await handleAndClose(c);
  await page.goto(`${base}/h5/#/pkg-mine/detail/index?id=${snapId}`);
  await tid('feedback-yes').waitFor();
  await shot('11-detail-closed');
  await tid('feedback-no').click();
  await choose(page.locator('.photo-add:visible').first(), [photos[5]]);
  await page.locator('textarea:visible').first().fill('垃圾又堆起来了');
  await page.getByText('提交', { exact: true }).waitFor();
  await page.waitForTimeout(1500);
  await shot('12-feedback-unsolved');
  await page.locator('.card:visible', { hasText: '问题解决了吗' }).getByText('提交', { exact: true }).click();
  await tid('feedback-done').waitFor();
  await page.waitForTimeout(2500); // let the toast fade
  await shot('13-feedback-unsolved-done');

  // 附近
  await page.goto(`${base}/h5/#/pkg-explore/nearby/index`);
  const nearbyShown = page.locator('[data-testid="nearby-empty"]:visible, [data-testid="nearby-item"]:visible').first();
  await nearbyShown.waitFor({ timeout: 8000 }).catch(async () => {
    await page.reload();
    await nearbyShown.waitFor();
  });
  await page.waitForTimeout(800);
  await shot('14-nearby', false);

  // 我的 / 大字 / 隐私
  await page.goto(`${base}/h5/#/pkg-user/me/index`);
  await tid('large-text-row').waitFor();
  await shot('15-me');
  await page.goto(`${base}/h5/#/pkg-user/privacy/index`);
  await page.getByText('我们收集什么').waitFor();
  await shot('17-privacy-page');
  await page.goto(`${base}/h5/#/pkg-user/me/index`);
  await page
    .locator(
      '[data-testid="large-text-row"] .weui-switch, [data-testid="large-text-row"] input, [data-testid="large-text-row"] taro-switch-core',
    )
    .first()
    .click();
  await page.locator('[data-large="1"]:visible').first().waitFor();
  await page.goto(`${base}/h5/#/pages/index/index`);
  await page.locator('[data-large="1"]:visible').first().waitFor();
  await shot('16-large-text');
  await page.goto(`${base}/h5/#/pkg-user/me/index`);
  await page
    .locator(
      '[data-testid="large-text-row"] .weui-switch, [data-testid="large-text-row"] input, [data-testid="large-text-row"] taro-switch-core',
    )
    .first()
    .click();

  // 注销
  await tid('delete-account').click();
  await page.getByText('注销后：').waitFor();
  await shot('18-delete-explained', false);
  await confirmModal();
  await page.getByText('此操作不可撤销。').waitFor();
  await shot('19-delete-confirm', false);
  await confirmModal();
  await page.getByText('你的账号已注销').waitFor();
  await confirmModal();
} catch (e) {
  console.log('FAIL', e);
  process.exitCode = 1;
} finally {
  await browser.close();
}

/** Crops trailing background, scales to 540 px wide and writes palette PNGs (each well under 300 KB). */
async function shrink(name) {
  const src = join(RAW, `${name}.png`);
  const { data, info } = await sharp(src).raw().toBuffer({ resolveWithObject: true });
  const px = (x, y) => data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3);
  const differs = (y, bg) => {
    for (let x = 0; x < info.width; x += 3) {
      const p = px(x, y);
      if (Math.abs(p[0] - bg[0]) + Math.abs(p[1] - bg[1]) + Math.abs(p[2] - bg[2]) > 12) return true;
    }
    return false;
  };
  const bottom = px(2, info.height - 2);
  let last = info.height - 1;
  while (last > 0 && !differs(last, bottom)) last--;
  let height = Math.min(info.height, last + 48);
  if (CROP[name] && height > CROP[name] * (info.width / 540)) {
    // cut in the gap between two cards, above the limit
    let y = Math.round(CROP[name] * (info.width / 540));
    const page = px(2, 2); // the page background, seen in the left margin
    while (y > 0 && differs(y, page)) y--;
    height = y;
  }
  await sharp(src)
    .extract({ left: 0, top: 0, width: info.width, height })
    .resize({ width: 540 })
    .png({ palette: true, quality: 85, compressionLevel: 9 })
    .toFile(join(OUT, `${name}.png`));
}

if (!process.exitCode) {
  for (const f of readdirSync(RAW).filter((f) => /^\d\d-.*\.png$/.test(f))) await shrink(f.replace(/\.png$/, ''));
  console.log(`screenshots written to ${OUT}`);
}
rmSync(RAW, { recursive: true, force: true });

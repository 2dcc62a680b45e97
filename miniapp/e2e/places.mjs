// 选点与“我也遇到”的浏览器测试（playwright-core + chromium，手机尺寸），对真服务端（模拟器 + 演示数据）跑：
//   node e2e/places.mjs                      自己启动构建好的服务端（server/dist，端口 E2E_PORT 或 3470，临时 SQLite）
//   E2E_BASE_URL=http://127.0.0.1:3470 node e2e/places.mjs
// 需要先 pnpm build:h5 和 pnpm -C server build。截图保存在 e2e/artifacts/places-*.png。
// 给了 E2E_RESULTS_FILE 时，结果（jest --json 的形状）写到同名的 -places.json，测试命令据此计数。
// 只等页面上的状态（文字、data-* 属性、接口回应），不等时间。
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  demoApi,
  launchChromium,
  modalConfirm,
  openPhone,
  runSuite,
  screenshot,
  seriousA11yViolations,
  startDemoServer,
  tabTo,
  clickablesWithoutKeyboard,
} from './harness.mjs';
import { makeUniquePng } from './lib.mjs';

let base = process.env.E2E_BASE_URL;
let server;
if (!base) {
  server = await startDemoServer({ port: Number(process.env.E2E_PORT ?? 3470), tag: 'places' });
  base = server.base;
}

const { browser, close: closeBrowser } = await launchChromium();

/** 一个手机浏览器，定位在 at（GCJ-02，H5 直接用浏览器给的坐标）；bypassCSP：允许注入 axe-core */
const phone = (at, { bypassCSP = false } = {}) => openPhone(browser, { at, accuracy: 15, bypassCSP, timeout: 20_000 });

/** 截图（手机屏幕这一屏；Taro 页面在内部滚动，整页截图并不更长） */
const shot = (page, name) => screenshot(page, `places-${name}`, { fullPage: false });

async function openSnap(p) {
  await p.page.goto(`${base}/h5/`);
  await p.tid('go-snap').click();
  await p.tid('privacy-agree').click();
}

await runSuite({
  tag: 'places',
  keepGoing: true,
  body: async (step) => {
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
      const confirm = modalConfirm(p.page);
      await confirm.waitFor();
      await shot(p.page, '03-me-too-modal');
      await confirm.click();
      await p.tid('followed-case').waitFor();
      await p.page.getByText(/共 \d+ 人也遇到/).waitFor();
      await shot(p.page, '04-followed');
      await p.context.close();
    });

    await step('大字模式：分类名称完整显示，选中后显示的就是所选的名称', async () => {
      const p = await phone({ lat: 30.2687, lng: 120.1367 });
      await p.page.goto(`${base}/h5/#/pkg-user/me/index`);
      await p.page.locator('[data-testid="large-text-row"] taro-switch-core, [data-testid="large-text-row"] input').first().click();
      await p.page.locator('[data-large="1"]:visible').first().waitFor();
      await p.page.goto(`${base}/h5/#/pkg-report/snap/index`);
      await p.tid('privacy-agree').click();
      await p.page.locator('[data-large="1"]:visible').first().waitFor();
      const garbage = p.tid('category-exposed_garbage');
      await garbage.getByText('暴露垃圾 / 积存垃圾').waitFor();
      await garbage.scrollIntoViewIfNeeded();
      // 每个分类名称都在自己的格子里完整显示：不省略、不超出格子
      const cut = await p.page.$$eval('[data-testid="category-grid"] .cat', (cats) =>
        cats
          .map((cat) => {
            const name = cat.querySelector('.cat-name');
            const box = cat.getBoundingClientRect();
            const r = name.getBoundingClientRect();
            const style = getComputedStyle(name);
            const clipped = style.textOverflow === 'ellipsis' && name.scrollWidth > name.clientWidth;
            return clipped || r.right > box.right + 0.5 || r.left < box.left - 0.5 ? name.textContent : null;
          })
          .filter(Boolean),
      );
      if (cut.length) throw new Error(`category names cut: ${cut.join(', ')}`);
      // 附近已有人反映的卡片：分类名称也不省略
      await p.tid('nearby-item').first().waitFor();
      const cutTitles = await p.page.$$eval('[data-testid="nearby-item"] .list-title', (els) =>
        els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
      );
      if (cutTitles.length) throw new Error(`nearby titles cut: ${cutTitles.join(', ')}`);
      await p.tid('category-grid').scrollIntoViewIfNeeded();
      await shot(p.page, '05-categories-large-text');
      await garbage.click();
      const picked = await p.tid('category-picked').textContent();
      if (!picked.startsWith('已选：暴露垃圾 / 积存垃圾')) throw new Error(`picked: ${picked}`);
      if ((await garbage.getAttribute('aria-checked')) !== 'true') throw new Error('picked category not marked checked');
      await p.tid('category-picked').scrollIntoViewIfNeeded();
      await shot(p.page, '06-category-picked');
      await p.context.close();
    });

    await step('H5 每页有标题、返回按钮，网页有图标', async () => {
      const p = await phone({ lat: 30.2687, lng: 120.1367 });
      await p.page.goto(`${base}/h5/`);
      await p.tid('go-snap').waitFor();
      await p.page.waitForFunction(() => document.title === '三随 · 随手拍');
      const icon = await p.page.locator('link[rel="icon"]').getAttribute('href');
      if (!icon?.startsWith('data:image/svg+xml')) throw new Error(`favicon: ${icon}`);
      await p.tid('go-nearby').click();
      await p.page.waitForFunction(() => document.title === '附近问题');
      const bar = p.page.locator('#taro-navigation-bar');
      await bar.getByRole('heading', { name: '附近问题' }).waitFor();
      const back = bar.getByRole('button', { name: '返回' });
      // 附近问题要定位，先弹出隐私提示：导航栏在弹窗之上，不同意也能返回
      await p.tid('privacy-agree').waitFor();
      await shot(p.page, '07-title-and-back');
      await back.click();
      await p.tid('go-snap').waitFor();
      await p.page.waitForFunction(() => document.title === '三随 · 随手拍');
      // 直接打开深层页面（没有上一页）：按钮回到首页
      await p.page.goto(`${base}/h5/#/pkg-user/help/index`);
      await p.page.waitForFunction(() => document.title === '使用帮助');
      await bar.getByRole('button', { name: '回到首页' }).click();
      await p.tid('go-snap').waitFor();
      await p.context.close();
    });

    await step('键盘：首页 Tab 依次到随手拍、随手捡和入口，回车打开上报；空格同意隐私提示、选分类；可点的都是控件', async () => {
      const p = await phone({ lat: 30.2687, lng: 120.1367 });
      const untouchable = {};
      const audit = async (name) => {
        const bad = await clickablesWithoutKeyboard(p.page);
        if (bad.length) untouchable[name] = bad;
      };
      await p.page.goto(`${base}/h5/`);
      await p.tid('go-snap').waitFor();
      await audit('首页');
      // 焦点顺序跟着屏幕：页面（可滚动的主区域）→ 随手拍 → 随手捡 → 我的上报 → 我的红包 → 附近问题 → 我的
      const path = await tabTo(p.page, '[data-testid="go-me"]');
      const order = path.map((d) => d.match(/\[(go-[a-z]+)\]/)?.[1]).filter(Boolean);
      const expected = ['go-snap', 'go-pickup', 'go-reports', 'go-rewards', 'go-nearby', 'go-me'];
      if (order.join() !== expected.join()) throw new Error(`focus order: ${path.join(' → ')}`);
      if (!path.slice(0, path.indexOf(path.find((d) => d.includes('[go-snap]')))).some((d) => d.includes('role=main')))
        throw new Error(`the page region is not before the first card: ${path.join(' → ')}`);
      // 读屏软件读到的：按钮“随手拍 拍下问题，我们来处理”
      const snap = p.page.getByRole('button', { name: /^随手拍\s*拍下问题/ });
      if ((await snap.getAttribute('data-testid')) !== 'go-snap') throw new Error('no button named 随手拍 on the home page');
      // 从头再走到随手拍，看焦点框，回车打开表单
      await p.page.goto(`${base}/h5/#/pkg-user/help/index`);
      await p.page.waitForFunction(() => document.title === '使用帮助');
      await p.page.goto(`${base}/h5/`);
      await p.tid('go-snap').waitFor();
      await tabTo(p.page, '[data-testid="go-snap"]');
      const ring = await p.tid('go-snap').evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
      if (!ring.startsWith('solid')) throw new Error(`no visible focus ring on 随手拍: ${ring}`);
      await shot(p.page, '08-keyboard-home-focus');
      await p.page.keyboard.press('Enter');
      await p.tid('privacy-agree').waitFor();
      await audit('隐私提示');
      // 弹窗盖住页面时 Tab 只在弹窗里走：几下就到“同意并继续”，再 Tab 回到弹窗里的第一个控件，不会落到被盖住的表单上
      await tabTo(p.page, '[data-testid="privacy-agree"]', { max: 4 });
      await p.page.keyboard.press('Tab');
      const wrapped = await p.page.evaluate(() => !!document.activeElement?.closest('[data-testid="privacy-popup"]'));
      if (!wrapped) throw new Error('Tab left the privacy popup for the page behind it');
      await p.page.keyboard.press('Shift+Tab');
      await p.page.locator('[data-testid="privacy-agree"]:focus').waitFor();
      await p.page.keyboard.press(' ');
      await p.tid('privacy-popup').waitFor({ state: 'detached' });
      await p.tid('nearby-item').first().waitFor();
      await audit('随手拍');
      await tabTo(p.page, '[data-testid="category-exposed_garbage"]', { max: 80 });
      await p.page.keyboard.press(' ');
      await p.page.locator('[data-testid="category-exposed_garbage"][aria-checked="true"]:visible').waitFor();
      const picked = await p.tid('category-picked').textContent();
      if (!picked.startsWith('已选：暴露垃圾 / 积存垃圾')) throw new Error(`picked: ${picked}`);
      // 回车也能选（换一个分类）
      await tabTo(p.page, '[data-testid="category-overflowing_bin"]');
      await p.page.keyboard.press('Enter');
      await p.page.locator('[data-testid="category-overflowing_bin"][aria-checked="true"]:visible').waitFor();
      if ((await p.tid('category-exposed_garbage').getAttribute('aria-checked')) !== 'false') throw new Error('two categories checked');
      await shot(p.page, '09-keyboard-category');
      // 拍照/相册的菜单（Taro 的 showActionSheet）：打开时焦点在第一项，Esc 关上，焦点回到“拍照/相册”
      await tabTo(p.page, '[data-testid="photos-add"]');
      await p.page.keyboard.press('Enter');
      await p.page.waitForFunction(() => document.activeElement?.closest('.taro__actionSheet [role="dialog"]'));
      const firstItem = await p.page.evaluate(() => document.activeElement.getAttribute('role') + ' ' + document.activeElement.textContent);
      if (!/^button (拍照|从相册选择)$/.test(firstItem)) throw new Error(`focus in the photo menu: ${firstItem}`);
      await p.page.keyboard.press('Escape');
      await p.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'photos-add');
      // 地图（没有底图时的网格画法）：Tab 能到，方向键挪动图钉
      await tabTo(p.page, '[data-testid="map-svg"]');
      await p.page.keyboard.press('ArrowRight');
      await p.page.getByText(/已手动调整位置/).waitFor();
      for (const [name, route, ready] of [
        ['我的', 'pkg-user/me/index', 'go-staff'],
        ['附近问题', 'pkg-explore/nearby/index', 'nearby-item'],
        ['我的上报', 'pkg-mine/reports/index', null],
      ]) {
        await p.page.goto(`${base}/h5/#/${route}`);
        if (ready) await p.tid(ready).first().waitFor();
        else
          await p.page
            .getByText(/还没有上报|共 \d+ 条/)
            .first()
            .waitFor();
        await audit(name);
      }
      if (Object.keys(untouchable).length)
        throw new Error(`clickable but not a keyboard control:\n${JSON.stringify(untouchable, null, 2)}`);
      await p.context.close();
    });

    await step('无障碍：居民的主要页面没有严重或致命的 axe-core 问题（普通字号和大字模式）', async () => {
      const p = await phone({ lat: 30.2687, lng: 120.1367 }, { bypassCSP: true });
      const found = {};
      const check = async (name) => {
        const v = await seriousA11yViolations(p.page);
        if (v.length) found[name] = v;
      };
      await p.page.goto(`${base}/h5/`);
      await p.tid('go-snap').waitFor();
      await check('首页');
      await p.tid('go-snap').click();
      await check('隐私提示');
      await p.tid('privacy-agree').click();
      await p
        .tid('pin-address')
        .getByText(/地址：/)
        .waitFor();
      await p.tid('nearby-item').first().waitFor();
      await check('随手拍');
      await p.page.goto(`${base}/h5/#/pkg-explore/nearby/index`);
      await p.page.locator('[data-testid="nearby-empty"]:visible, [data-testid="nearby-item"]:visible').first().waitFor();
      await check('附近问题');
      // 附近只有已解决的问题：卡片上没有“我也遇到”，页面上没有可聚焦的控件，页面仍要能用键盘滚动
      // （scrollable-region-focusable）。测试把服务端的回答改成都已解决，共享的演示数据不动。
      const allClosed = async (route) => {
        const res = await route.fetch();
        const body = await res.json();
        const closed = (n) => ({ ...n, status: 'closed', statusText: '已解决', open: false });
        await route.fulfill({ response: res, json: Array.isArray(body) ? body.map(closed) : { ...body, items: body.items.map(closed) } });
      };
      await p.page.route('**/api/v1/reports/nearby?**', allClosed);
      await p.page.goto(`${base}/h5/#/pkg-user/help/index`);
      await p.page.waitForFunction(() => document.title === '使用帮助');
      await p.page.goto(`${base}/h5/#/pkg-explore/nearby/index`);
      await p.tid('nearby-item').first().waitFor();
      if (await p.tid('me-too').count()) throw new Error('a resolved case offers 我也遇到');
      const scrolls = await p.page.evaluate(() => {
        const el = [...document.querySelectorAll('.taro_page')].find((e) => getComputedStyle(e).display !== 'none');
        return el.scrollHeight > el.clientHeight;
      });
      if (!scrolls) throw new Error('附近问题 does not scroll: the state checked below would not be the one meant');
      await check('附近问题（都已解决）');
      await p.page.unroute('**/api/v1/reports/nearby?**', allClosed);
      await p.page.goto(`${base}/h5/#/pkg-user/me/index`);
      await p.tid('large-text-row').waitFor();
      await check('我的');
      await p.page.goto(`${base}/h5/#/pkg-mine/reports/index`);
      await p.page
        .getByText(/还没有上报|共 \d+ 条|加载中/)
        .first()
        .waitFor();
      await check('我的上报');
      await p.page.goto(`${base}/h5/#/pkg-mine/rewards/index`);
      await p.tid('reward-total').waitFor();
      await check('我的红包');
      await p.page.goto(`${base}/h5/#/pkg-user/help/index`);
      await p.page.waitForFunction(() => document.title === '使用帮助');
      await check('使用帮助');
      // 上报详情：用这个浏览器的模拟微信身份经接口上报一条（新照片），再打开详情页
      const demo = demoApi(base);
      const simName = await p.page.evaluate(() => localStorage.getItem('sansui:sim-name'));
      const token = (await demo.call('/auth/wechat', null, { code: `sim:${simName}` })).token;
      const photoFile = join(mkdtempSync(join(tmpdir(), 'sansui-places-photo-')), 'photo.png');
      writeFileSync(photoFile, makeUniquePng());
      const photo = await demo.upload(token, photoFile);
      const report = await demo.call('/reports', token, {
        kind: 'snap',
        categoryCode: 'exposed_garbage',
        description: '路边一堆垃圾',
        location: { lat: 30.2741, lng: 120.1551 },
        photoIds: [photo.id],
        clientRequestId: `places-a11y-${Date.now()}`,
      });
      await p.page.goto(`${base}/h5/#/pkg-mine/detail/index?id=${report.id}`);
      await p.tid('status-text').waitFor();
      await p.tid('timeline-item').first().waitFor();
      await check('上报详情');
      // 我也遇到 → 关注的问题（这个居民自己的关注）
      await p.page.goto(`${base}/h5/#/pkg-report/snap/index`);
      await p.tid('nearby-item').first().waitFor();
      await p.tid('nearby-item').first().locator('[data-testid="me-too"]').click();
      await modalConfirm(p.page).waitFor();
      // 确认框本身（axe 等它完全淡入）；确认后等它淡出并隐藏，再查下一页（半透明的对话框每行字都不够对比度）
      await check('我也遇到的确认框');
      await modalConfirm(p.page).click();
      await p.page.locator('.taro__modal').first().waitFor({ state: 'hidden' });
      await p.tid('followed-case').waitFor();
      await check('我也遇到的问题');
      await p.page.goto(`${base}/h5/#/pkg-user/me/index`);
      await p.page.locator('[data-testid="large-text-row"] taro-switch-core, [data-testid="large-text-row"] input').first().click();
      await p.page.locator('[data-large="1"]:visible').first().waitFor();
      await check('我的（大字）');
      await p.page.goto(`${base}/h5/#/pkg-report/snap/index`);
      await p.tid('category-grid').waitFor();
      await p.page.locator('[data-large="1"]:visible').first().waitFor();
      await check('随手拍（大字）');
      if (Object.keys(found).length) throw new Error(`axe-core:\n${JSON.stringify(found, null, 2)}`);
      await p.context.close();
    });
  },
  cleanup: async () => {
    await closeBrowser();
    await server?.stop();
  },
});

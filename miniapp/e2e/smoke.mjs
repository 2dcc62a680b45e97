// H5 冒烟测试（playwright-core + Debian 的 chromium，手机尺寸）：
//   node e2e/smoke.mjs                 （pnpm test:e2e）自带内存假服务端（e2e/mock-server.mjs），不依赖真服务端
//   E2E_BASE_URL=http://127.0.0.1:3000 node e2e/smoke.mjs   对真服务端（模拟器模式，demo 数据）跑
// 需要先 pnpm build:h5。截图保存在 e2e/artifacts/。
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoApi, launchChromium, modalConfirm, openPhone, runSuite, screenshot } from './harness.mjs';
import { dragFromCentre, makeUniquePng } from './lib.mjs';
import { createMockServer } from './mock-server.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'sansui-e2e-'));
// Every picture different (and new on every run): the server refuses an after-photo that is a before-photo or
// another case's photo, and holds the red packet of a reused photo.
const photos = [1, 2, 3, 4, 5, 6].map((i) => {
  const p = join(tmp, `photo-${i}.png`);
  writeFileSync(p, makeUniquePng());
  return p;
});

let base = process.env.E2E_BASE_URL;
let mock;
if (!base) {
  mock = createMockServer();
  await new Promise((r) => mock.server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${mock.server.address().port}`;
}

/** 服务端微信模拟器给模拟名分配的 openid（同 server/src/wechat/simulator/simulator-rules.ts 的 simOpenid） */
const simOpenid = (name) =>
  'o' +
  createHash('sha256')
    .update(`${process.env.E2E_WECHAT_APPID ?? 'wx-sim-appid'}:${name}`)
    .digest('base64url')
    .slice(0, 27);

/** 反复检查直到 check() 返回真值（或超时） */
async function until(what, check, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** “工作人员”推进案卷：假服务端用 /__mock；真服务端用演示账号调 §13 的接口 */
async function staffAdvance(reportId, actions) {
  if (mock) {
    for (const a of actions) await fetch(`${base}/__mock/reports/${reportId}/${a}`, { method: 'POST', body: '{}' });
    return;
  }
  const { call: api, headers: auth, staffLogin: login, upload } = demoApi(base);
  const dispatcher = await login('demo-dispatcher');
  // 居民的 report → case
  const cases = await api('/cases?pageSize=100', dispatcher);
  const caseId = cases.items.find((x) => x.reportIds?.includes(reportId)).id;
  // 认领、办结由案卷所属部门的处置人员做（需带办结照片和现场位置），核查由派遣员做
  const handler = async () => {
    const c = await api(`/cases/${caseId}`, dispatcher);
    const depts = await api('/departments', dispatcher);
    const code = (Array.isArray(depts) ? depts : depts.items).find((d) => d.id === c.departmentId).code;
    return { token: await login(`demo-handler-${code}`), location: c.location };
  };
  for (const a of actions) {
    if (a === 'claim') await api(`/cases/${caseId}/claim`, (await handler()).token, {});
    else if (a === 'resolve') {
      const h = await handler();
      const up = await upload(h.token, photos[5]);
      await api(`/cases/${caseId}/resolve`, h.token, { photoIds: [up.id], location: h.location, note: '已清理' });
    } else if (a === 'verify') await api(`/cases/${caseId}/verify`, dispatcher, { passed: true, note: '现场核查：已清理干净' });
    else await api(`/cases/${caseId}/${a}`, dispatcher, {});
  }
  if (actions.includes('accept')) {
    const batch = await (await fetch(`${base}/api/v1/payout-batches`, { method: 'POST', headers: auth(dispatcher), body: '{}' })).json();
    const auditor = await login('demo-auditor');
    await fetch(`${base}/api/v1/payout-batches/${batch.id}/approve`, { method: 'POST', headers: auth(auditor), body: '{}' });
  }
}

const { browser, close: closeBrowser } = await launchChromium();
const consoleErrors = [];
const { page, tid } = await openPhone(browser, { at: { lat: 30.2745, lng: 120.1505 }, accuracy: 18, pageErrors: consoleErrors });
const shot = (name) => screenshot(page, name);
/** Taro 的模态框（showModal）点确认 */
const confirmModal = async () => {
  const btn = modalConfirm(page);
  await btn.waitFor({ timeout: 10000 });
  await btn.click();
};

let reportId;
await runSuite({
  body: async (step) => {
    await step('首页显示活动数据和两个大按钮', async () => {
      await page.goto(`${base}/h5/`);
      await tid('campaign-stats').waitFor();
      await page.getByText('已发红包').waitFor();
      await page.waitForFunction(() => !document.querySelector('[data-testid="campaign-stats"]')?.textContent?.includes('—'));
      // 已发红包是服务端统计的已到账总额：演示数据里有往期已发放的批次，不是 ¥0.00
      const { rewardsPaidFen } = await (await fetch(`${base}/api/v1/stats/campaign`)).json();
      if (!(rewardsPaidFen > 0)) throw new Error(`rewardsPaidFen ${rewardsPaidFen}: the demo has no paid red packets`);
      const paidText = `¥${Math.floor(rewardsPaidFen / 100)}.${String(rewardsPaidFen % 100).padStart(2, '0')}`;
      await page.locator('[data-testid="stat-rewards-paid"]:visible', { hasText: paidText }).waitFor();
      const campaign = await tid('current-campaign').textContent();
      if (!/^当前活动：三随随手拍红包（演示）（\d{4}年\d{1,2}月\d{1,2}日—\d{4}年\d{1,2}月\d{1,2}日）$/.test(campaign))
        throw new Error(`current campaign line: ${campaign}`);
      await shot('01-home');
    });

    if (mock) {
      await step('首页：没有进行中的活动时显示“暂无进行中的活动”', async () => {
        await fetch(`${base}/__mock/campaign`, { method: 'POST', body: JSON.stringify({ currentCampaign: null }) });
        await page.reload();
        await page.locator('[data-testid="current-campaign"]:visible', { hasText: '暂无进行中的活动' }).waitFor();
        await shot('01b-home-no-campaign');
        await fetch(`${base}/__mock/campaign`, { method: 'POST', body: '{}' });
        await page.reload();
        await page.locator('[data-testid="current-campaign"]:visible', { hasText: '当前活动：' }).waitFor();
      });
    }

    await step('随手拍：隐私同意、照片上传、拖动图钉、选分类、提交', async () => {
      await tid('go-snap').click();
      await tid('privacy-popup').waitFor();
      await shot('02-privacy');
      await tid('privacy-agree').click();
      await page.getByText(/定位精度约/).waitFor();
      // 先选“从相册选择”（这样照片的来源是已知的），再选文件
      await tid('photos-add').click();
      const chooser = page.waitForEvent('filechooser');
      await page.getByText('从相册选择', { exact: true }).click();
      await (await chooser).setFiles([photos[0], photos[1]]);
      await page.locator('[data-testid="photo-thumb"][data-uploaded="1"]:visible').nth(1).waitFor();
      // 拖动图钉：在地图上按下、移动、松开
      await dragFromCentre(page, tid('map-svg'), 40, -20);
      await page.getByText(/已手动调整位置/).waitFor();
      await tid('category-exposed_garbage').click();
      await shot('03-snap-form');
      await tid('submit-report').click();
      await tid('fresh-banner').waitFor({ timeout: 15000 });
      reportId = Number(new URL(page.url().replace('#', '')).searchParams.get('id') ?? /id=(\d+)/.exec(page.url())?.[1]);
      if (!reportId) reportId = Number(/id=(\d+)/.exec(page.url())[1]);
      await page.getByText('您的上报已提交').waitFor();
      await shot('04-detail-submitted');
    });

    let simName;
    await step('订阅消息：H5 在微信模拟器里代点“允许”，服务端记下授权', async () => {
      simName = await page.evaluate(() => localStorage.getItem('sansui:sim-name'));
      if (!simName) throw new Error('no sim name in localStorage');
      if (mock) {
        // 模拟器记下了“点允许”，服务端记下了 POST /subscriptions 登记的授权：两个模板各一次
        const state = await until('subscription grants', async () => {
          const st = await (await fetch(`${base}/__mock/state`)).json();
          return Object.keys(st.grants[simName] ?? {}).length === 2 ? st : null;
        });
        const want = JSON.stringify({ 'sim-tmpl-case-progress': 1, 'sim-tmpl-reward-notice': 1 });
        if (JSON.stringify(state.simGrants[simName]) !== want) throw new Error(`simulator grants: ${JSON.stringify(state.simGrants)}`);
        if (JSON.stringify(state.grants[simName]) !== want) throw new Error(`server grants: ${JSON.stringify(state.grants)}`);
        return;
      }
      // 真服务端：模拟器里这位居民的 openid 有了两个模板的一次性授权（服务端的记录在下面受理后发通知时检验）
      const grants = await until('simulator grants', async () => {
        const g = await (await fetch(`${base}/sim/wechat/_control/grants?openid=${simOpenid(simName)}`)).json();
        return Object.keys(g).length === 2 ? g : null;
      });
      if (!Object.values(grants).every((n) => n === 1)) throw new Error(`simulator grants: ${JSON.stringify(grants)}`);
    });

    await step('我的上报里能看到，状态是待受理', async () => {
      await page.goto(`${base}/h5/#/pkg-mine/reports/index`);
      await tid('report-item').first().waitFor();
      await page.getByText('待受理').first().waitFor();
      await shot('05-my-reports');
    });

    await step('工作人员受理、派遣后，详情显示进度', async () => {
      await staffAdvance(reportId, ['accept', 'dispatch']);
      await page.goto(`${base}/h5/#/pkg-mine/detail/index?id=${reportId}`);
      await page.getByText('已交给责任部门').first().waitFor();
      await shot('06-detail-dispatched');
    });

    if (!mock) {
      await step('订阅消息：受理后居民在微信里收到进度通知（用掉服务端记下的授权）', async () => {
        // 服务端只在记有授权时才发（没有就记为 refused），模拟器也只在居民点过允许时才收
        const openid = simOpenid(simName);
        const messages = await until(
          'subscription message',
          async () => {
            const m = await (await fetch(`${base}/sim/wechat/_control/messages?openid=${openid}`)).json();
            return m.total > 0 ? m.items : null;
          },
          30000,
        );
        if (!messages.some((m) => m.data?.phrase2?.value)) throw new Error(`messages: ${JSON.stringify(messages)}`);
      });
    }

    await step('领取红包，确认收款后显示已到账', async () => {
      await page.goto(`${base}/h5/#/pkg-mine/rewards/index`);
      await tid('claim-reward').first().waitFor();
      await shot('07-rewards-claimable');
      await tid('claim-reward').first().click();
      await confirmModal();
      await page.locator('[data-testid="reward-item"][data-status="paid"]:visible').first().waitFor({ timeout: 15000 });
      await page.getByText('¥2.00').first().waitFor();
      await shot('08-rewards-paid');
    });

    if (!mock) {
      await step('演示居民的“我的红包”：往期的红包写着到账时间，已到账合计不是 ¥0.00', async () => {
        const demo = await openPhone(browser, { at: { lat: 30.2745, lng: 120.1505 }, accuracy: 18, pageErrors: consoleErrors });
        await demo.context.addInitScript(() => localStorage.setItem('sansui:sim-name', 'demo-resident-1'));
        await demo.page.goto(`${base}/h5/#/pkg-mine/rewards/index`);
        const paidItem = demo.page.locator('[data-testid="reward-item"][data-status="paid"]:visible').first();
        await paidItem.getByText(/\d+月\d+日 \d{2}:\d{2} 到账/).waitFor();
        await demo.page.waitForFunction(() => {
          const v = document.querySelector('[data-testid="reward-total"] .reward-total-value')?.textContent ?? '';
          return /^¥\d+\.\d{2}$/.test(v) && v !== '¥0.00';
        });
        await screenshot(demo.page, '07c-demo-resident-rewards');
        await demo.context.close();
      });
    }

    await step('办结后评价“解决了”', async () => {
      await staffAdvance(reportId, ['claim', 'resolve', 'verify']);
      await page.goto(`${base}/h5/#/pkg-mine/detail/index?id=${reportId}`);
      await tid('feedback-yes').waitFor();
      await shot('08b-detail-closed');
      await tid('feedback-yes').click();
      await tid('feedback-done').waitFor();
    });

    if (mock) {
      await step('提交失败时草稿保存在手机上并自动重试', async () => {
        // The server keeps failing until the pending item has been seen: on a slow machine an automatic retry
        // could otherwise succeed before the test looks at the outbox.
        await fetch(`${base}/__mock/fail-next-reports`, { method: 'POST', body: JSON.stringify({ count: 1000 }) });
        await page.goto(`${base}/h5/#/pkg-report/snap/index`);
        await page.getByText(/定位精度约|已手动调整/).waitFor();
        await tid('photos-add').click();
        const chooser = page.waitForEvent('filechooser');
        await page.getByText('拍照', { exact: true }).click();
        await (await chooser).setFiles([photos[2]]);
        await page.locator('[data-testid="photo-thumb"][data-uploaded="1"]:visible').first().waitFor();
        await tid('category-overflowing_bin').click();
        await tid('submit-report').click();
        await page.getByText('已保存，稍后自动提交').waitFor();
        await shot('09-offline-saved');
        await confirmModal();
        await tid('outbox-item').first().waitFor();
        await shot('10-outbox-pending');
        await fetch(`${base}/__mock/fail-next-reports`, { method: 'POST', body: JSON.stringify({ count: 0 }) });
        // 服务端恢复后，下一次自动重试成功，草稿消失，列表里多一条
        await tid('outbox-item').first().waitFor({ state: 'detached', timeout: 60000 });
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="report-item"]').length >= 2, null, { timeout: 10000 });
        const state = await (await fetch(`${base}/__mock/state`)).json();
        if (state.reports !== 2) throw new Error(`expected 2 reports, got ${state.reports}`);
      });
    }

    await step('随手捡：清理前、清理后各一张，一起提交', async () => {
      await page.goto(`${base}/h5/#/pkg-report/pickup/index`);
      await page.getByText(/定位精度约|已手动调整/).waitFor();
      for (const [id, file] of [
        ['before-photos-add', photos[3]],
        ['after-photos-add', photos[4]],
      ]) {
        const chooser = page.waitForEvent('filechooser');
        await tid(id).click();
        await (await chooser).setFiles([file]);
      }
      await page.locator('[data-testid="photo-thumb"][data-uploaded="1"]:visible').nth(1).waitFor();
      await tid('category-exposed_garbage').click();
      await shot('10b-pickup-form');
      await tid('submit-report').click();
      await tid('fresh-banner').waitFor({ timeout: 15000 });
      await page.getByText('清理后').first().waitFor();
      await shot('10c-pickup-detail');
    });

    await step('大字模式', async () => {
      await page.goto(`${base}/h5/#/pkg-user/me/index`);
      await tid('large-text-row').waitFor();
      await shot('11-me');
      await page
        .locator(
          '[data-testid="large-text-row"] .weui-switch, [data-testid="large-text-row"] input, [data-testid="large-text-row"] taro-switch-core',
        )
        .first()
        .click();
      await page.locator('[data-large="1"]:visible').first().waitFor();
      await page.goto(`${base}/h5/#/pages/index/index`);
      await page.locator('[data-large="1"]:visible').first().waitFor();
      await shot('12-home-large-text');
    });

    await step('附近：地图上显示附近的公开上报', async () => {
      await page.goto(`${base}/h5/#/pkg-explore/nearby/index`);
      await page.locator('[data-testid="nearby-empty"]:visible, [data-testid="nearby-item"]:visible').first().waitFor();
      await shot('13-nearby');
    });

    await step('注销账号：先说明，再二次确认', async () => {
      await page.goto(`${base}/h5/#/pkg-user/me/index`);
      await tid('delete-account').click();
      await page.getByText('注销后：').waitFor();
      await shot('14-delete-explained');
      await confirmModal();
      await page.getByText('此操作不可撤销。').waitFor();
      await confirmModal();
      await page.getByText('你的账号已注销').waitFor();
      await confirmModal();
      await tid('go-snap').waitFor();
    });

    if (consoleErrors.length) throw new Error(`page errors: ${consoleErrors.join('\n')}`);
  },
  onError: async () => {
    await shot('zz-failure');
    if (consoleErrors.length) console.log('page errors:', consoleErrors);
  },
  cleanup: async () => {
    await closeBrowser();
    mock?.server.close();
    rmSync(tmp, { recursive: true, force: true });
  },
});

// 工作台的 H5 浏览器测试（playwright-core + Debian 的 chromium，手机尺寸），只对真服务端（模拟器模式 + 演示数据）跑：
//   E2E_BASE_URL=http://127.0.0.1:3000 node e2e/staff.mjs
// 管理员（接口）生成绑定码 → 处置人员在 H5 里绑定 → 部门待办 → 接单 → 在案卷旁（浏览器定位覆盖）用相机拍照处置
// → 看到“已核实” → 调度员（接口）看到已核实的证据，绑定自己的手机后现场核查结案，并在明查轮次里记录一条检查发现；
// 最后爱卫办（接口）下发督办通知，处置人员在工作台拍照填写整改回复。需要先 pnpm build:h5。截图保存在 e2e/artifacts/staff-*.png。
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clickablesWithoutKeyboard,
  demoApi,
  launchChromium,
  openPhone,
  runSuite,
  screenshot,
  seriousA11yViolations,
  tabTo,
} from './harness.mjs';
import { makeUniquePng } from './lib.mjs';

const base = process.env.E2E_BASE_URL;
if (!base) {
  console.log('skip staff suite: it needs the real server (E2E_BASE_URL)');
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'sansui-staff-e2e-'));
const beforePhoto = join(tmp, 'before.png');
const afterPhoto = join(tmp, 'after.png');
writeFileSync(beforePhoto, makeUniquePng());
writeFileSync(afterPhoto, makeUniquePng());
const findingPhoto = join(tmp, 'finding.png');
writeFileSync(findingPhoto, makeUniquePng());
const verifyPhoto = join(tmp, 'verify.png');
writeFileSync(verifyPhoto, makeUniquePng());
const supervisedPhoto = join(tmp, 'supervised.png');
writeFileSync(supervisedPhoto, makeUniquePng());
const rectifiedPhoto = join(tmp, 'rectified.png');
writeFileSync(rectifiedPhoto, makeUniquePng());

/** 案卷位置（GCJ-02，演示服务区内） */
const SPOT = { lat: 30.2752, lng: 120.1562 };

// --- GCJ-02 ↔ WGS-84（浏览器定位是 WGS-84，H5 换算成 GCJ-02；这里反过来算出要模拟的浏览器定位） ---
const A = 6378245.0;
const EE = 0.006693421622965943;
const tLat = (x, y) =>
  -100 +
  2 * x +
  3 * y +
  0.2 * y * y +
  0.1 * x * y +
  0.2 * Math.sqrt(Math.abs(x)) +
  ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3 +
  ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3 +
  ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
const tLng = (x, y) =>
  300 +
  x +
  2 * y +
  0.1 * x * x +
  0.1 * x * y +
  0.1 * Math.sqrt(Math.abs(x)) +
  ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3 +
  ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3 +
  ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
function wgsToGcj({ lat, lng }) {
  let dLat = tLat(lng - 105, lat - 35);
  let dLng = tLng(lng - 105, lat - 35);
  const rad = (lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(rad) ** 2;
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * Math.sqrt(magic))) * Math.PI);
  dLng = (dLng * 180) / ((A / Math.sqrt(magic)) * Math.cos(rad) * Math.PI);
  return { lat: lat + dLat, lng: lng + dLng };
}
function gcjToWgs(p) {
  let w = { ...p };
  for (let i = 0; i < 5; i++) {
    const g = wgsToGcj(w);
    w = { lat: w.lat - (g.lat - p.lat), lng: w.lng - (g.lng - p.lng) };
  }
  return w;
}

// --- 接口（工作人员的动作用演示账号） ---
const { call, staffLogin, upload } = demoApi(base);

const { browser, close: closeBrowser } = await launchChromium();
// 处置人员站在案卷旁约 15 米处
const standing = gcjToWgs({ lat: SPOT.lat + 0.0001, lng: SPOT.lng + 0.0001 });
const pageErrors = [];
// bypassCSP: the accessibility checks inject axe-core into the pages (the server's CSP refuses inline scripts)
const { page, tid } = await openPhone(browser, { at: standing, accuracy: 12, pageErrors, bypassCSP: true });
/**
 * axe-core's serious and critical findings per page, and what can be tapped but is no keyboard control there,
 * reported by the last step (the flow goes on meanwhile).
 */
const a11y = {};
const checkA11y = async (name) => {
  const v = [
    ...(await seriousA11yViolations(page)),
    ...(await clickablesWithoutKeyboard(page)).map((d) => `clickable but not a keyboard control: ${d}`),
  ];
  if (v.length) a11y[name] = v;
};
const shot = (name, on = page) => screenshot(on, `staff-${name}`);

let caseId;
let handlerName;
let bindCode;
let deptCode;
await runSuite({
  tag: 'staff',
  body: async (step) => {
    await step('准备：居民上报、调度员受理派遣，管理员给该部门的处置人员生成绑定码', async () => {
      const resident = (await call('/auth/wechat', null, { code: `sim:staff-e2e-${Date.now()}` })).token;
      const photo = await upload(resident, beforePhoto);
      const report = await call('/reports', resident, {
        kind: 'snap',
        categoryCode: 'exposed_garbage',
        description: '路口一堆建筑垃圾',
        location: SPOT,
        photoIds: [photo.id],
        clientRequestId: `staff-e2e-${Date.now()}`,
      });
      caseId = report.caseId;
      const dispatcher = await staffLogin('demo-dispatcher');
      await call(`/cases/${caseId}/accept`, dispatcher, {});
      const c = await call(`/cases/${caseId}/dispatch`, dispatcher, {});
      const depts = await call('/departments', dispatcher);
      const dept = (Array.isArray(depts) ? depts : depts.items).find((d) => d.id === c.departmentId);
      deptCode = dept.code;
      const admin = await staffLogin('demo-admin');
      const users = await call(`/users?kind=staff&q=${encodeURIComponent(`demo-handler-${dept.code}`)}`, admin);
      const handler = users.items.find((u) => u.username === `demo-handler-${dept.code}`);
      handlerName = handler.displayName;
      bindCode = (await call('/staff-bind-codes', admin, { userId: handler.id })).code;
      if (!/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/.test(bindCode)) throw new Error(`bind code: ${bindCode}`);
    });

    await step('我的 → 工作人员入口 → 输入绑定码，显示绑定的账号', async () => {
      await page.goto(`${base}/h5/#/pkg-user/me/index`);
      await tid('go-staff').click();
      await tid('staff-bind').waitFor();
      await tid('bind-code-input').locator('input').first().fill('ABCD-2345');
      await tid('bind-submit').click();
      await tid('bind-error').waitFor();
      await shot('01-bind-wrong-code');
      await tid('bind-code-input').locator('input').first().fill(bindCode.toLowerCase());
      await tid('bind-submit').click();
      await tid('staff-who').waitFor();
      await page.locator('[data-testid="staff-who"]:visible', { hasText: handlerName }).waitFor();
      await page.locator('[data-testid="staff-who"]:visible', { hasText: '处置人员' }).waitFor();
      await shot('02-workbench');
    });

    await step('通知：工作台显示未读数，新派遣的案卷在通知里，点开直达案卷并标记已读', async () => {
      await page.locator('[data-testid="notice-badge"]:visible').waitFor();
      await tid('go-notices').click();
      const item = page.locator(`[data-testid="notice-item"]:visible`, { hasText: `新派遣案卷 #${caseId}` });
      await item.waitFor();
      if ((await item.getAttribute('data-read')) !== 'no') throw new Error('the new notice is already read');
      await shot('02b-notices');
      await item.click();
      await page.locator(`[data-testid="staff-case"]:visible`).waitFor();
      const handler = await staffLogin(`demo-handler-${deptCode}`);
      const list = await call('/notices?pageSize=100', handler);
      const n = list.items.find((x) => x.caseId === caseId && x.kind === 'case_dispatched');
      if (!n?.read) throw new Error(`notice not marked read: ${JSON.stringify(n)}`);
      // Back on 通知 the notice is drawn as read: its text must keep AA contrast (it was faded to 60 % once).
      await page.goto(`${base}/h5/#/pkg-staff/notices/index`);
      await page.locator(`[data-testid="notice-item"][data-notice-id="${n.id}"][data-read="yes"]:visible`).waitFor();
      await shot('02c-notices-read');
      await checkA11y('通知（有已读通知）');
      await page.goto(`${base}/h5/#/pkg-staff/home/index`);
      await tid('staff-who').waitFor();
      await checkA11y('工作台');
    });

    await step('部门待办：新派遣的案卷在列表里，显示剩余时间和离我多远', async () => {
      await tid('go-queue').click();
      const item = page.locator(`[data-testid="queue-item"][data-case-id="${caseId}"]:visible`);
      await item.waitFor();
      await item.getByText(/^剩 /).waitFor();
      await item.getByText(/距你约 \d+ 米/).waitFor();
      // 超期的都排在未超期的前面
      const flags = await page
        .locator('[data-testid="queue-item"]:visible')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-overdue')));
      if (flags.join('').includes('01')) throw new Error(`overdue after not overdue: ${flags.join(',')}`);
      await shot('03-queue');
      await checkA11y('部门待办');
      // 键盘：Tab 走到这条案卷（焦点框看得见），回车打开
      await tabTo(page, `[data-testid="queue-item"][data-case-id="${caseId}"]`, { max: 200 });
      const ring = await item.evaluate((el) => getComputedStyle(el).outlineStyle);
      if (ring !== 'solid') throw new Error(`no visible focus ring on the queue item: ${ring}`);
      await screenshot(page, 'staff-03b-queue-keyboard-focus', { fullPage: false });
      await page.keyboard.press('Enter');
    });

    await step('案卷详情：处置前照片、距离、导航；接单', async () => {
      await tid('staff-case').waitFor();
      await tid('before-photos').locator('img').first().waitFor();
      await page.locator('[data-testid="case-distance"]:visible', { hasText: /距你约 \d+ 米/ }).waitFor();
      await tid('navigate').waitFor();
      // 小按钮的字要在胶囊正中：H5 里别的页面的 .btn-small 样式曾把“导航”两个字挤到下沿
      const offset = await tid('navigate').evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const [box, words] = [el.getBoundingClientRect(), range.getBoundingClientRect()];
        return words.top + words.height / 2 - (box.top + box.height / 2);
      });
      if (Math.abs(offset) > 2) throw new Error(`导航 sits ${offset.toFixed(1)} px off its button's middle`);
      const text = await tid('staff-case').textContent();
      if (/\d+\.\d{4,}/.test(text)) throw new Error(`bare coordinates on the case page: ${text}`);
      await shot('04-case');
      await checkA11y('案卷详情（待接单）');
      await tid('act-claim').click();
      await page.locator('[data-testid="staff-case"][data-status="in_progress"]:visible').waitFor();
    });

    await step('处置完毕：相机现拍（带拍摄位置和时间）、写说明，提交后看到取证结论', async () => {
      await tid('act-resolve').click();
      const chooser = page.waitForEvent('filechooser');
      await tid('after-photos-add').click();
      const fc = await chooser;
      // 取证照片只能现拍：H5 用带 capture 属性的文件输入
      const capture = await fc.element().getAttribute('capture');
      if (capture !== 'environment') throw new Error(`file input capture=${capture}`);
      await fc.setFiles([afterPhoto]);
      await page.locator('[data-testid="capture-distance"]:visible', { hasText: /离案卷约 \d+ 米/ }).waitFor();
      await tid('resolve-note').locator('textarea').first().fill('已清运，地面已冲洗');
      await shot('05-resolve-form');
      await tid('resolve-submit').click();
      await tid('resolve-result').waitFor({ timeout: 20000 });
      // 在现场、接单后、新照片、相机现拍：服务端核实通过
      await page.locator('[data-testid="evidence"][data-verified="1"]:visible').waitFor();
      await shot('06-resolve-verdict');
      // 办结以后案卷详情上没有处置人员能做的操作（没有可聚焦的控件），页面仍要能用键盘滚动
      await page.goto(`${base}/h5/#/pkg-staff/case/index?id=${caseId}`);
      await page.locator('[data-testid="staff-case"][data-status="resolved"]:visible').waitFor();
      await tid('before-photos').locator('img').first().waitFor();
      await checkA11y('案卷详情（已办结）');
    });

    await step('调度员看到已核实的证据（拍摄事实记在照片上）', async () => {
      const dispatcher = await staffLogin('demo-dispatcher');
      const c = await call(`/cases/${caseId}`, dispatcher);
      if (c.status !== 'resolved') throw new Error(`status ${c.status}`);
      if (!c.photosByRole.resolution[0]) throw new Error('no resolution photo');
      if (!c.evidence?.verified) throw new Error(`evidence: ${JSON.stringify(c.evidence)}`);
      for (const code of ['ON_SITE', 'FRESH', 'NEW_PICTURE', 'CAMERA']) {
        const check = c.evidence.checks.find((x) => x.code === code);
        if (!check?.ok) throw new Error(`${code}: ${JSON.stringify(check)}`);
      }
    });

    await step('调度员在手机上现场核查（处置前后并排、取证结论，拍核查照片，通过结案），再记录一条明查发现', async () => {
      const admin = await staffLogin('demo-admin');
      const users = await call('/users?kind=staff&q=demo-dispatcher', admin);
      const dispatcher = users.items.find((u) => u.username === 'demo-dispatcher');
      const code = (await call('/staff-bind-codes', admin, { userId: dispatcher.id })).code;
      // 另一部手机（另一个浏览器上下文 = 另一个微信用户）
      const { context: phone, page: p2, tid: tid2 } = await openPhone(browser, { at: standing, accuracy: 20, pageErrors });
      await p2.goto(`${base}/h5/#/pkg-staff/home/index`);
      await tid2('bind-code-input').locator('input').first().fill(code);
      await tid2('bind-submit').click();
      await tid2('go-verify').click();
      await p2.locator(`[data-testid="queue-item"][data-case-id="${caseId}"]:visible`).click();
      await tid2('before-after').waitFor();
      await p2.locator('[data-testid="evidence"][data-verified="1"]:visible').waitFor();
      await tid2('act-verify').click();
      // 现场核查照片：只能现拍，随照片提交拍摄位置和时间
      const verifyChooser = p2.waitForEvent('filechooser');
      await tid2('verify-photos-add').click();
      const vfc = await verifyChooser;
      const vcapture = await vfc.element().getAttribute('capture');
      if (vcapture !== 'environment') throw new Error(`verify file input capture=${vcapture}`);
      await vfc.setFiles([verifyPhoto]);
      await p2.locator('[data-testid="verify-photos"]:visible [data-testid="photo-thumb"]').waitFor();
      await tid2('verify-note').locator('textarea').first().fill('现场已清理干净');
      await shot('07-verify', p2);
      const verifyAnswer = p2.waitForResponse((r) => r.url().endsWith(`/cases/${caseId}/verify`) && r.request().method() === 'POST');
      await tid2('verify-pass').click();
      const answer = await verifyAnswer;
      if (answer.status() !== 200) throw new Error(`verify: ${answer.status()} ${await answer.text()}`);
      const sentBody = answer.request().postDataJSON();
      if (sentBody.photoIds?.length !== 1) throw new Error(`verify sent ${JSON.stringify(sentBody)}`);
      await p2.locator('[data-testid="staff-case"][data-status="closed"]:visible').waitFor();
      // 案卷页写明是现场核查，核查照片和它的核验结论（在现场、办结后拍摄）
      const card = p2.locator('[data-testid="verification"][data-on-site="1"]:visible');
      await card.waitFor();
      await card.locator('[data-testid="verification-photos"] img').first().waitFor();
      await card.locator('[data-testid="evidence"][data-verified="1"]').waitFor();
      await p2.locator('.timeline-item:visible', { hasText: '现场核查：通过（核查照片已核实）' }).waitFor();
      await card.scrollIntoViewIfNeeded();
      await shot('07b-verified-on-site', p2);
      const closed = await call(`/cases/${caseId}`, await staffLogin('demo-dispatcher'));
      if (!closed.verification?.onSite || !closed.verification.evidence?.verified)
        throw new Error(`verification: ${JSON.stringify(closed.verification)}`);
      const onSiteCheck = closed.verification.evidence.checks.find((x) => x.code === 'ON_SITE');
      if (!onSiteCheck?.ok) throw new Error(`ON_SITE: ${JSON.stringify(onSiteCheck)}`);

      // 明查：调度员建轮次（接口），在手机上记录一条检查发现
      const areas = await call('/areas', await staffLogin('demo-dispatcher'));
      const districts = (Array.isArray(areas) ? areas : areas.items).filter((a) => a.level === 'district').map((a) => a.id);
      const round = await call('/inspection-rounds', await staffLogin('demo-dispatcher'), {
        kind: 'open',
        name: `手机测试明查 ${Date.now()}`,
        // 北京时间的本月（UTC 的月份在每月 1 日 0–8 点还是上个月）
        month: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7),
        areaIds: districts,
      });
      await p2.goto(`${base}/h5/#/pkg-staff/home/index`);
      await tid2('go-findings').click();
      await tid2('finding-item-A01').click();
      const chooser = p2.waitForEvent('filechooser');
      await tid2('finding-photos-add').click();
      await (await chooser).setFiles([findingPhoto]);
      await tid2('finding-more').click();
      await tid2('finding-note').locator('textarea').first().fill('路口两处积存垃圾');
      await shot('08-finding', p2);
      await tid2('finding-submit').click();
      await tid2('finding-recorded').waitFor();
      const detail = await call(`/inspection-rounds/${round.id}`, await staffLogin('demo-dispatcher'));
      const f = detail.findings[0];
      if (!f || f.itemCode !== 'A01' || f.count !== 2 || f.photoIds.length !== 1)
        throw new Error(`findings: ${JSON.stringify(detail.findings)}`);
      if (Math.abs(f.location.lat - SPOT.lat) > 0.001 || Math.abs(f.location.lng - SPOT.lng) > 0.001)
        throw new Error(`finding at ${JSON.stringify(f.location)}`);
      await phone.close();
    });

    await step('督办通知：爱卫办（接口）发布暗访并下发督办，处置人员在工作台打开，拍整改后照片、写整改情况提交', async () => {
      const dispatcher = await staffLogin('demo-dispatcher');
      const areas = await call('/areas', dispatcher);
      const flat = (ns) => ns.flatMap((n) => [n, ...flat(n.children ?? [])]);
      const districts = flat(Array.isArray(areas) ? areas : areas.items)
        .filter((a) => a.level === 'district')
        .map((a) => a.id);
      // 北京时间的本月；一轮新的暗访，只有这一条发现
      const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
      const round = await call('/inspection-rounds', dispatcher, {
        kind: 'covert',
        name: `手机督办测试 ${Date.now()}`,
        month,
        areaIds: districts,
      });
      const photo = await upload(dispatcher, supervisedPhoto);
      await call(`/inspection-rounds/${round.id}/findings`, dispatcher, {
        itemCode: 'A01',
        location: SPOT,
        photoIds: [photo.id],
        note: '路口垃圾桶满溢',
      });
      await call(`/inspection-rounds/${round.id}/publish`, dispatcher, {});
      const deadline = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
      const issued = await call(`/inspection-rounds/${round.id}/supervision-notices`, dispatcher, {
        deadline,
        requirement: '三日内清理并回复',
      });
      const depts = await call('/departments', dispatcher);
      const dept = (Array.isArray(depts) ? depts : depts.items).find((d) => d.code === deptCode);
      const notice = issued.created.find((n) => n.departmentId === dept.id);
      if (!notice) throw new Error(`no notice for ${deptCode}: ${JSON.stringify(issued.created)}`);

      await page.goto(`${base}/h5/#/pkg-staff/home/index`);
      await tid('go-supervision').click();
      await page.locator(`[data-testid="supervision-item"][data-notice-id="${notice.id}"][data-state="awaiting_reply"]:visible`).click();
      await page.locator('[data-testid="supervision-detail"][data-replies="0"]:visible').waitFor();
      await tid('supervision-case').first().waitFor();
      await tid('supervision-reply-text').locator('textarea').first().fill('已清运满溢垃圾，增加清运频次');
      // 整改后照片只能现拍
      const chooser = page.waitForEvent('filechooser');
      await tid('supervision-photos-add').click();
      const fc = await chooser;
      const capture = await fc.element().getAttribute('capture');
      if (capture !== 'environment') throw new Error(`reply file input capture=${capture}`);
      await fc.setFiles([rectifiedPhoto]);
      await page.locator('[data-testid="supervision-photos"]:visible [data-testid="photo-thumb"]').waitFor();
      await shot('09-supervision-reply');
      const answer = page.waitForResponse(
        (r) => r.url().endsWith(`/supervision-notices/${notice.id}/replies`) && r.request().method() === 'POST',
      );
      await tid('supervision-reply-submit').click();
      const res = await answer;
      if (res.status() !== 201) throw new Error(`reply: ${res.status()} ${await res.text()}`);
      await page.locator('[data-testid="supervision-detail"][data-replies="1"][data-state="replied"]:visible').waitFor();
      await page.locator('[data-testid="supervision-reply"]:visible img').first().waitFor();
      await shot('10-supervision-replied');
      const after = await call(`/supervision-notices/${notice.id}`, dispatcher);
      const r = after.replies[0];
      if (after.state !== 'replied' || r?.text !== '已清运满溢垃圾，增加清运频次' || r.photos.length !== 1 || r.userName !== handlerName)
        throw new Error(`notice after the reply: ${JSON.stringify(after)}`);
    });

    await step(
      '无障碍：工作台、通知（有已读通知）、部门待办、案卷详情（待接单和已办结）没有严重或致命的 axe-core 问题，可点的都能用键盘',
      async () => {
        if (Object.keys(a11y).length) throw new Error(`axe-core:\n${JSON.stringify(a11y, null, 2)}`);
      },
    );

    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join('\n')}`);
  },
  onError: async () => {
    await shot('zz-failure');
    if (pageErrors.length) console.log('page errors:', pageErrors);
  },
  cleanup: async () => {
    await closeBrowser();
    rmSync(tmp, { recursive: true, force: true });
  },
});

// 一个只为 H5 冒烟测试准备的内存假服务端：按 docs/domain.md §13 的路径和字段回答，并在 /h5/ 提供 dist-h5。
// 真服务端就绪后，用 E2E_BASE_URL 指向它即可（见 e2e/README 段落 in miniapp/README.md）。
// 额外的测试控制接口在 /__mock 下：推进案卷状态、让接下来几次提交失败。
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const H5_DIR = fileURLToPath(new URL('../dist-h5/', import.meta.url));

const CATEGORIES = [
  ['exposed_garbage', '暴露垃圾 / 积存垃圾', '路边、绿地里成堆或散落的垃圾', 4, 200],
  ['overflowing_bin', '垃圾桶满溢、破损', '垃圾桶装满溢出、桶身破损或缺盖', 4, 100],
  ['back_alley', '背街小巷、卫生死角', '小巷、楼道口、角落长期无人清扫', 24, 200],
  ['street_vending', '占道经营、流动摊贩、跨门经营', '摊点占用人行道或车道', 24, 200],
  ['piling', '乱堆乱放', '杂物、建材、废品堆在公共区域', 24, 200],
  ['illegal_ads', '小广告、"牛皮癣"、乱涂乱画', '墙面、电线杆上的小广告和涂鸦', 24, 100],
  ['other', '其他', '不属于以上分类的环境卫生问题', 72, 100],
].map(([code, name, hint, slaHours, rewardFen], i) => ({
  code,
  name,
  hint,
  slaHours,
  rewardFen,
  enabled: true,
  sortOrder: i + 1,
  defaultDepartmentType: 'sanitation',
  duplicateRadiusM: 50,
}));

function square(id, code, name, lng, lat, d = 0.006) {
  return {
    type: 'Feature',
    properties: { id, code, name },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lng, lat],
          [lng + d, lat],
          [lng + d, lat + d],
          [lng, lat + d],
          [lng, lat],
        ],
      ],
    },
  };
}
const GRIDS = {
  type: 'FeatureCollection',
  features: [
    square(1, 'G-HB-01', '湖滨一网格', 120.149, 30.268),
    square(2, 'G-HB-02', '湖滨二网格', 120.155, 30.268),
    square(3, 'G-HB-03', '湖滨三网格', 120.149, 30.274),
    square(4, 'G-HB-04', '湖滨四网格', 120.155, 30.274),
  ],
};

/** 与真服务端 server/src/reports/resident-timeline.ts 的说法一致 */
const RESIDENT_TEXT = {
  submit: '您的上报已提交',
  accept: '爱卫办已受理，正在安排处理',
  dispatch: '已交给环卫部门处理',
  claim: '环卫部门已接单，正在处理',
  resolve: '环卫部门已处理完毕，等待核查',
  verify: '经核查问题已解决，感谢您的参与',
};

/** 订阅消息模板（真服务端来自 WECHAT_TEMPLATE_* 配置） */
const TEMPLATES = [
  { key: 'case_progress', templateId: 'sim-tmpl-case-progress', title: '问题处理进度通知' },
  { key: 'reward_notice', templateId: 'sim-tmpl-reward-notice', title: '红包奖励通知' },
];

/** 当前活动（与真服务端的演示活动同名；起止日期按启动时间算） */
const DAY = 86_400_000;
const CURRENT_CAMPAIGN = {
  id: 1,
  name: '三随随手拍红包（演示）',
  startsAt: new Date(Date.now() - 30 * DAY).toISOString(),
  endsAt: new Date(Date.now() + 365 * DAY).toISOString(),
  snapTrigger: 'accepted',
  dailyCountCap: 5,
};

export function createMockServer() {
  const state = {
    users: new Map(),
    reports: [],
    photos: new Map(),
    rewards: [],
    seq: 100,
    failNextReports: 0,
    /** 模拟名 → 模板 → 居民在“微信”里点过几次允许（/sim/wechat/_control/subscribe） */
    simGrants: new Map(),
    /** 模拟名 → 模板 → 服务端记录的一次性授权（POST /subscriptions） */
    grants: new Map(),
    currentCampaign: CURRENT_CAMPAIGN,
  };
  const nextId = () => ++state.seq;

  const send = (res, status, body, headers = {}) => {
    const data = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(data);
  };
  const err = (res, status, code, message) => send(res, status, { code, message });
  const readBody = (req) =>
    new Promise((resolve) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });
  const userOf = (req) => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return m ? state.users.get(m[1]) : undefined;
  };
  const reportView = (r) => ({
    id: r.id,
    caseId: r.id,
    kind: r.kind,
    source: 'miniapp',
    categoryCode: r.categoryCode,
    description: r.description ?? null,
    location: r.location,
    coordSystem: 'gcj02',
    status: r.status,
    statusText: '',
    photos: r.photoIds.map((id) => state.photos.get(id)).filter(Boolean),
    afterPhotos: (r.afterPhotoIds ?? []).map((id) => state.photos.get(id)).filter(Boolean),
    contentCheck: 'pass',
    createdAt: r.createdAt,
    clientRequestId: r.clientRequestId,
  });
  const detailView = (r) => ({
    ...reportView(r),
    timeline: r.timeline,
    departmentName: r.status === 'submitted' || r.status === 'accepted' ? null : '西湖区环卫所',
    resolutionPhotos: [],
    canGiveFeedback: r.status === 'closed' && !r.feedback,
    feedback: r.feedback ?? null,
  });

  const moveTo = (r, action, to) => {
    const from = r.status;
    r.status = to;
    r.timeline.push({
      id: nextId(),
      at: new Date().toISOString(),
      action,
      fromStatus: from,
      toStatus: to,
      actorRole: 'dispatcher',
      actorName: null,
      note: null,
      photos: [],
      text: RESIDENT_TEXT[action] ?? '',
    });
    if (action === 'accept' && r.kind === 'snap') {
      state.rewards.push({
        id: nextId(),
        reportId: r.id,
        caseId: r.id,
        userId: r.userId,
        amountFen: 200,
        status: 'approved',
        createdAt: new Date().toISOString(),
      });
    }
  };

  async function api(req, res, path) {
    const method = req.method;
    const body = method === 'GET' ? Buffer.alloc(0) : await readBody(req);
    const json = () => {
      try {
        return JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return {};
      }
    };
    if (method === 'GET' && path === '/stats/campaign') {
      return send(res, 200, {
        residents: state.users.size + 2018,
        photos: state.photos.size + 2430,
        reports: state.reports.length + 2430,
        casesClosed: state.reports.filter((r) => r.status === 'closed').length + 2410,
        rewardsPaidFen: state.rewards.filter((r) => r.status === 'paid').reduce((s, r) => s + r.amountFen, 477800),
        currentCampaign: state.currentCampaign,
      });
    }
    if (method === 'GET' && path === '/categories') return send(res, 200, CATEGORIES);
    if (method === 'GET' && path === '/grids') return send(res, 200, GRIDS);
    if (method === 'POST' && path === '/auth/wechat') {
      const { code } = json();
      if (!/^sim:.+/.test(code ?? '')) return err(res, 400, 'WECHAT_CODE_INVALID', '微信登录凭证无效或已过期，请重新进入小程序');
      let user = [...state.users.values()].find((u) => u.name === code.slice(4));
      if (!user) user = { id: nextId(), name: code.slice(4) };
      const token = `tok-${user.id}-${nextId()}`;
      state.users.set(token, user);
      return send(res, 201, {
        token,
        user: { id: user.id, kind: 'resident', displayName: '居民', roles: ['resident'], departmentId: null },
      });
    }
    const simConfirm = /^\/sim\/wechatpay\/transfer-bills\/([^/]+)\/confirm$/.exec(path);
    if (method === 'POST' && simConfirm) {
      const reward = state.rewards.find((r) => r.outBillNo === simConfirm[1]);
      if (!reward) return err(res, 404, 'NOT_FOUND', '转账单不存在');
      reward.status = 'paid';
      return send(res, 200, { state: 'SUCCESS' });
    }

    const user = userOf(req);
    if (!user) return err(res, 401, 'UNAUTHENTICATED', '请先登录');

    if (method === 'GET' && path === '/subscriptions/templates') return send(res, 200, TEMPLATES);
    if (method === 'POST' && path === '/subscriptions') {
      const ids = json().templateIds;
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > 3) return err(res, 400, 'VALIDATION_FAILED', '一次最多订阅 3 个模板');
      if (ids.some((id) => !TEMPLATES.some((t) => t.templateId === id))) return err(res, 422, 'TEMPLATE_UNKNOWN', '没有这个消息模板');
      const mine = addGrants(state.grants, user.name, ids);
      return send(res, 200, { granted: mine });
    }

    if (method === 'POST' && path === '/uploads') {
      const ct = req.headers['content-type'] ?? '';
      const boundary = /boundary=(.+)$/.exec(ct)?.[1];
      if (!boundary) return err(res, 400, 'FILE_REQUIRED', '请选择要上传的照片');
      // the file part (other parts, such as the capture facts, may come before it)
      const fileHead = Math.max(0, body.indexOf('filename='));
      const start = body.indexOf('\r\n\r\n', fileHead) + 4;
      const end = body.indexOf(Buffer.from(`\r\n--${boundary}`), start);
      const file = body.subarray(start, end);
      const id = nextId();
      const url = `/__mock/photos/${id}`;
      state.photos.set(id, {
        id,
        url,
        thumbUrl: url,
        width: 100,
        height: 100,
        data: file,
        type: /png/i.test(body.subarray(0, start).toString()) ? 'image/png' : 'image/jpeg',
      });
      return send(res, 201, { id, url, thumbUrl: url, width: 100, height: 100 });
    }
    if (method === 'POST' && path === '/reports') {
      const b = json();
      const dup = state.reports.find((r) => r.userId === user.id && r.clientRequestId === b.clientRequestId);
      if (dup) return send(res, 200, reportView(dup));
      if (state.failNextReports > 0) {
        state.failNextReports--;
        return err(res, 503, 'UNAVAILABLE', '服务暂时不可用');
      }
      if (!Array.isArray(b.photoIds) || b.photoIds.length < 1) return err(res, 422, 'PHOTO_COUNT_INVALID', '请上传 1 到 9 张照片');
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(b.clientRequestId ?? '')) return err(res, 422, 'CLIENT_REQUEST_ID_INVALID', '请求编号格式不正确');
      const r = { id: nextId(), userId: user.id, ...b, status: 'submitted', createdAt: new Date().toISOString(), timeline: [] };
      r.timeline.push({
        id: nextId(),
        at: r.createdAt,
        action: 'submit',
        fromStatus: null,
        toStatus: 'submitted',
        actorRole: 'resident',
        actorName: null,
        note: null,
        photos: [],
        text: RESIDENT_TEXT.submit,
      });
      state.reports.push(r);
      return send(res, 201, reportView(r));
    }
    if (method === 'GET' && path.startsWith('/reports/nearby')) {
      if (state.nearbyMissing) return err(res, 404, 'ROUTE_NOT_FOUND', '接口不存在');
      const round = (v) => Math.round(v * 1000) / 1000;
      return send(
        res,
        200,
        state.reports.map((r) => ({
          caseId: r.id,
          categoryCode: r.categoryCode,
          status: r.status,
          statusText: '',
          location: { lat: round(r.location.lat), lng: round(r.location.lng) },
          createdAt: r.createdAt,
        })),
      );
    }
    if (method === 'GET' && path.startsWith('/reports/mine')) {
      const mine = state.reports.filter((r) => r.userId === user.id).reverse();
      return send(res, 200, { items: mine.map(reportView), total: mine.length, page: 1, pageSize: 20 });
    }
    const one = /^\/reports\/(\d+)(\/feedback)?$/.exec(path);
    if (one) {
      const r = state.reports.find((x) => x.id === Number(one[1]) && x.userId === user.id);
      if (!r) return err(res, 404, 'REPORT_NOT_FOUND', '上报不存在');
      if (method === 'GET' && !one[2]) return send(res, 200, detailView(r));
      if (method === 'POST' && one[2]) {
        const b = json();
        r.feedback = { satisfied: !!b.satisfied, comment: b.comment ?? null, at: new Date().toISOString() };
        return send(res, 201, { ok: true });
      }
    }
    if (method === 'GET' && path.startsWith('/rewards/mine')) {
      const mine = state.rewards.filter((r) => r.userId === user.id);
      return send(res, 200, {
        items: mine.map(({ outBillNo, ...r }) => ({ ...r, campaignName: '2026 年冬季三随行动', outBillNo: outBillNo ?? null })),
        total: mine.length,
        page: 1,
        pageSize: 100,
      });
    }
    const claim = /^\/rewards\/(\d+)\/claim$/.exec(path);
    if (method === 'POST' && claim) {
      const reward = state.rewards.find((r) => r.id === Number(claim[1]) && r.userId === user.id);
      if (!reward) return err(res, 404, 'REWARD_NOT_FOUND', '红包不存在');
      if (!['approved', 'transferring', 'failed'].includes(reward.status)) return err(res, 409, 'REWARD_NOT_CLAIMABLE', '红包当前不能领取');
      reward.status = 'transferring';
      reward.outBillNo ??= `R${reward.id}A1`;
      return send(res, 201, {
        mchId: '1900000001',
        appId: 'wxsim000000000001',
        package: `sim-package-${reward.outBillNo}`,
        outBillNo: reward.outBillNo,
      });
    }
    if (method === 'DELETE' && path === '/me') {
      user.name = `deleted-${user.id}`;
      return send(res, 200, { ok: true });
    }
    return err(res, 404, 'ROUTE_NOT_FOUND', '接口不存在');
  }

  /** 微信模拟器的控制接口：居民在订阅授权框里点了“允许”（与真服务端 /sim/wechat/_control/subscribe 同形） */
  async function simWechat(req, res, path) {
    if (req.method !== 'POST' || path !== '/sim/wechat/_control/subscribe') return err(res, 404, 'ROUTE_NOT_FOUND', '接口不存在');
    let b = {};
    try {
      b = JSON.parse((await readBody(req)).toString('utf8') || '{}');
    } catch {
      /* 按空参数处理 */
    }
    const ids = Array.isArray(b.templateIds) ? b.templateIds.filter((x) => typeof x === 'string' && x).slice(0, 3) : [];
    if (typeof b.name !== 'string' || !b.name || ids.length === 0)
      return send(res, 200, { errMsg: 'requestSubscribeMessage:fail invalid params' });
    addGrants(state.simGrants, b.name, ids);
    return send(res, 200, { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(ids.map((id) => [id, 'accept'])) });
  }

  async function mock(req, res, path) {
    const photo = /^\/__mock\/photos\/(\d+)$/.exec(path);
    if (photo) {
      const p = state.photos.get(Number(photo[1]));
      if (!p) return err(res, 404, 'NOT_FOUND', '照片不存在');
      res.writeHead(200, { 'Content-Type': p.type });
      return res.end(p.data);
    }
    const body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
    const advance = /^\/__mock\/reports\/(\d+)\/(\w+)$/.exec(path);
    if (advance) {
      const r = state.reports.find((x) => x.id === Number(advance[1]));
      const to = { accept: 'accepted', dispatch: 'dispatched', claim: 'in_progress', resolve: 'resolved', verify: 'closed' }[advance[2]];
      if (!r || !to) return err(res, 404, 'NOT_FOUND', '没有这个上报或动作');
      moveTo(r, advance[2], to);
      return send(res, 200, { status: r.status });
    }
    if (path === '/__mock/fail-next-reports') {
      state.failNextReports = Number(body.count ?? 1);
      return send(res, 200, { ok: true });
    }
    if (path === '/__mock/state')
      return send(res, 200, {
        reports: state.reports.length,
        rewards: state.rewards,
        simGrants: Object.fromEntries(state.simGrants),
        grants: Object.fromEntries(state.grants),
      });
    if (path === '/__mock/campaign') {
      state.currentCampaign = body.currentCampaign === undefined ? CURRENT_CAMPAIGN : body.currentCampaign;
      return send(res, 200, { currentCampaign: state.currentCampaign });
    }
    return err(res, 404, 'NOT_FOUND', '没有这个控制接口');
  }

  const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
  };
  async function h5(res, path) {
    const rel = normalize(path.replace(/^\/h5\/?/, '') || 'index.html');
    if (rel.startsWith('..')) return err(res, 404, 'NOT_FOUND', 'not found');
    try {
      const data = await readFile(join(H5_DIR, rel));
      res.writeHead(200, { 'Content-Type': TYPES[extname(rel)] ?? 'application/octet-stream' });
      res.end(data);
    } catch {
      err(res, 404, 'NOT_FOUND', 'not found');
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    const done = (p) => p.catch((e) => err(res, 500, 'INTERNAL', String(e)));
    if (path.startsWith('/api/v1/')) return void done(api(req, res, path.slice('/api/v1'.length)));
    if (path.startsWith('/__mock/')) return void done(mock(req, res, path));
    if (path.startsWith('/sim/wechat/')) return void done(simWechat(req, res, path));
    if (path === '/h5' || path.startsWith('/h5/')) return void done(h5(res, path));
    err(res, 404, 'NOT_FOUND', 'not found');
  });
  return { server, state };
}

/** name → {templateId: 次数}，每次 +1，返回这个人的全部 */
function addGrants(map, name, ids) {
  const mine = map.get(name) ?? {};
  for (const id of new Set(ids)) mine[id] = (mine[id] ?? 0) + 1;
  map.set(name, mine);
  return mine;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 3412);
  createMockServer().server.listen(port, '127.0.0.1', () => console.log(`mock server on http://127.0.0.1:${port}/h5/`));
}

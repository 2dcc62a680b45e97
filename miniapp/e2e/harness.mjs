// e2e 共用：浏览器、手机页面、步骤与结果、截图、工作人员接口、自带的演示服务端。smoke.mjs、staff.mjs、places.mjs、tiles.mjs 都用它。
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** Screenshots and each suite's results.json. */
export const ART = fileURLToPath(new URL('./artifacts/', import.meta.url));
mkdirSync(ART, { recursive: true });

/**
 * Starts the built server (server/dist) on `port` with the demo city on a temporary SQLite file, simulators, no
 * jobs, plus `env`, and waits until /api/health answers (at most 3 minutes: demo seeding on a loaded machine).
 * `stop()` ends it and removes its data.
 */
export async function startDemoServer({ port, tag, env = {} }) {
  const dataDir = mkdtempSync(join(tmpdir(), `sansui-${tag}-e2e-`));
  const server = spawn(process.execPath, ['dist/main.js'], {
    cwd: fileURLToPath(new URL('../../server/', import.meta.url)),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      JOBS_ENABLED: 'false',
      LOG_LEVEL: 'error',
      WECHAT_MODE: 'simulator',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const end = Date.now() + 180_000;
  for (;;) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, stop };
    if (server.exitCode !== null || Date.now() > end) {
      await stop();
      throw new Error(server.exitCode !== null ? `server exited with ${server.exitCode}` : 'server did not start');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Debian's Chromium with a throw-away HOME, so it writes no crash reports into the real one. */
export async function launchChromium() {
  const home = mkdtempSync(join(tmpdir(), 'sansui-chrome-home-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    env: { ...process.env, HOME: home },
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
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** `[data-testid=…]` among the visible elements of `page`. */
export const testIds = (page) => (id) => page.locator(`[data-testid="${id}"]:visible`);

/**
 * A phone (its own browser context = its own WeChat user) standing at `at` ({lat, lng}, as the browser reports it).
 * `pageErrors` collects uncaught page errors; `bypassCSP` lets a step inject axe-core past the server's CSP.
 */
export async function openPhone(browser, { at, accuracy, bypassCSP = false, timeout, pageErrors } = {}) {
  const context = await browser.newContext({
    bypassCSP,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: { latitude: at.lat, longitude: at.lng, accuracy },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  if (timeout) page.setDefaultTimeout(timeout);
  if (pageErrors) page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { context, page, tid: testIds(page) };
}

/**
 * A picture of the page for artifacts/<name>.png, once the fonts are in (Chinese text is not boxes) and the
 * page's transitions (modals, toasts) have run: it is for a reader, nothing is asserted on it.
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(ART, `${name}.png`), fullPage });
}

/** The confirm button of Taro's showModal. */
export const modalConfirm = (page) => page.locator('.taro-modal__foot:visible > :last-child').first();

/**
 * Runs a suite: `body(step)` calls `step(name, fn)` for each step. By default the first failing step ends the
 * suite (the later steps build on it); with `keepGoing` each step stands alone and the suite goes on.
 * An error outside the steps (browser launch, a check after them) fails the suite too, and `onError` runs then
 * (a failure screenshot). `cleanup` always runs. The steps are written to artifacts/<tag>-results.json and, when
 * the test command gives E2E_RESULTS_FILE, in the shape of jest's --json summary to that file (with `-<tag>`
 * before `.json` when the suite has a tag), so scripts/summarize-results.mjs counts them. Exits the process.
 */
export async function runSuite({ tag = '', keepGoing = false, body, onError, cleanup }) {
  const results = [];
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - started });
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      results.push({ name, ok: false, ms: Date.now() - started, error: String(e.stack ?? e) });
      console.log(`FAIL ${name}: ${e.stack ?? e}`);
      if (!keepGoing) throw e;
    }
  };
  let failedOutside = false;
  try {
    await body(step);
  } catch (e) {
    // A failing step has printed its error; anything else would otherwise go unseen.
    if (results.every((r) => r.ok)) {
      failedOutside = true;
      console.log(`FAIL outside the steps: ${e.stack ?? e}`);
    }
    await onError?.().catch(() => undefined);
  } finally {
    await cleanup?.();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed + (failedOutside ? 1 : 0);
  writeFileSync(join(ART, `${tag ? `${tag}-` : ''}results.json`), JSON.stringify(results, null, 2));
  if (process.env.E2E_RESULTS_FILE) {
    writeFileSync(
      process.env.E2E_RESULTS_FILE.replace(/\.json$/, tag ? `-${tag}.json` : '.json'),
      JSON.stringify({ numPassedTests: passed, numFailedTests: failed, steps: results }, null, 2),
    );
  }
  process.exit(failed ? 1 : 0);
}

/** The server's API as the demo accounts use it: `call` throws on any answer but 2xx. */
export function demoApi(base) {
  const headers = (token) => ({ 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) });
  async function call(path, token, body, method) {
    const r = await fetch(`${base}/api/v1${path}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: headers(token),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${path} → ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  }
  /** Every demo staff account has the same password (server/src/demo). */
  const staffLogin = async (username) => (await call('/auth/staff', null, { username, password: 'demo-pass-2026' })).token;
  /** Uploads a PNG file as a photo (POST /uploads, multipart; `fields` are the capture facts). */
  async function upload(token, file, fields = {}) {
    const form = new FormData();
    Object.entries(fields).forEach(([k, v]) => form.append(k, v));
    form.append('file', new Blob([readFileSync(file)], { type: 'image/png' }), 'photo.png');
    const r = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    if (!r.ok) throw new Error(`upload → ${r.status} ${await r.text()}`);
    return r.json();
  }
  return { call, headers, staffLogin, upload };
}

const axeSource = createRequire(import.meta.url)('axe-core').source;

/**
 * Waits until nothing on the screen is still changing: fonts loaded, no finite CSS animation or transition running
 * (NutUI popups, Taro's page and toast transitions), and each of Taro's own layers (showModal, showToast,
 * showActionSheet) either gone (display: none) or fully opaque — on several frames in a row, because Taro starts
 * and ends those fades from timers (opacity 0→1 a tick after it appends the modal; display none 200 ms after the
 * fade out). axe-core measures the colours it sees: a dialog half faded in or out fails contrast on every line.
 */
export async function waitForStillScreen(page, { timeout = 30_000 } = {}) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForFunction(
    () => {
      const animating = document
        .getAnimations()
        .some((a) => (a.playState === 'running' || a.pending) && a.effect?.getComputedTiming().iterations !== Infinity);
      const fading = [...document.querySelectorAll('.taro__modal, .taro__toast, .taro__actionSheet')].some((el) => {
        const style = getComputedStyle(el);
        return style.display !== 'none' && style.opacity !== '1';
      });
      window.__stillFrames = animating || fading ? 0 : (window.__stillFrames ?? 0) + 1;
      return window.__stillFrames >= 3;
    },
    undefined,
    { timeout, polling: 'raf' },
  );
}

/** One element of an axe-core finding: its selector and, for contrast, the colours axe measured there. */
function describeAxeNode(n) {
  const target = n.target.join(' ');
  const c = [...n.any, ...n.all].find((x) => x.data && typeof x.data === 'object' && 'contrastRatio' in x.data)?.data;
  return c ? `${target} (${c.fgColor} on ${c.bgColor}, ${c.contrastRatio}:1, needs ${c.expectedContrastRatio})` : target;
}

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) run in the page once the screen is still (waitForStillScreen): its serious
 * and critical violations, one line each, naming the elements and the colours measured.
 * The page's context must bypass the server's CSP (`openPhone(…, { bypassCSP: true })`) to take the script.
 */
export async function seriousA11yViolations(page) {
  await waitForStillScreen(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map(describeAxeNode).join(' | ')}`);
}

/**
 * In the page: a short description of an element for messages (tag, data-testid, role, name, start of its text).
 * Passed as a string so each page.evaluate can define it.
 */
const DESCRIBE = `(el) => {
  if (!el || el === document.body) return 'body';
  const bits = [el.tagName.toLowerCase()];
  const tid = el.getAttribute('data-testid');
  if (tid) bits.push('[' + tid + ']');
  if (el.getAttribute('role')) bits.push('role=' + el.getAttribute('role'));
  const name = el.getAttribute('aria-label') || (el.textContent || '').trim().slice(0, 16);
  if (name) bits.push('"' + name + '"');
  return bits.join(' ');
}`;

/**
 * Presses Tab (at most `max` times) until the focused element matches `selector`, as a keyboard user would.
 * Returns the elements focused on the way (descriptions); throws with that path when Tab never gets there.
 */
export async function tabTo(page, selector, { max = 60 } = {}) {
  const path = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const { hit, desc } = await page.evaluate(
      ([sel, describe]) => {
        const a = document.activeElement;
        return { hit: !!a && a !== document.body && a.matches(sel), desc: new Function(`return ${describe}`)()(a) };
      },
      [selector, DESCRIBE],
    );
    path.push(desc);
    if (hit) return path;
  }
  throw new Error(`Tab did not reach ${selector} in ${max} presses: ${path.join(' → ')}`);
}

/**
 * The visible elements a finger can tap but a keyboard cannot reach or a screen reader cannot name as a control:
 * those with a click listener from Taro's H5 components (`__events.click`, how Taro binds onClick on its custom
 * elements), Taro's buttons and the buttons of Taro's dialog, that have no role or no tabindex, and are not inside
 * an element that has both (a click inside a control bubbles to it). Empty when every control is reachable.
 */
export async function clickablesWithoutKeyboard(page) {
  return page.evaluate((describe) => {
    const desc = new Function(`return ${describe}`)();
    const isControl = (el) => el.hasAttribute('role') && el.hasAttribute('tabindex') && el.tabIndex >= 0;
    const NATIVE = 'a[href], button, input, select, textarea, summary';
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const clickable = el.__events?.click || el.tagName === 'TARO-BUTTON-CORE' || el.classList.contains('taro-model__btn');
      if (!clickable || el.matches(NATIVE) || isControl(el)) continue;
      if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
      let up = el.parentElement;
      while (up && !(isControl(up) || up.matches(NATIVE))) up = up.parentElement;
      if (!up) out.push(desc(el));
    }
    return out;
  }, DESCRIBE);
}

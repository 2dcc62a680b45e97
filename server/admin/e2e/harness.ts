import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const BASE = (process.env.ADMIN_E2E_BASE_URL ?? '').replace(/\/$/, '');
if (!BASE) throw new Error('ADMIN_E2E_BASE_URL is not set (e.g. http://127.0.0.1:3100)');
export const PASSWORD = 'demo-pass-2026';
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

/** Waits until the server answers (it may still be starting when the tests begin). */
export async function waitForServer(timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${BASE}/api/v1/categories`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`server at ${BASE} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function launch(): Promise<Browser> {
  await waitForServer();
  process.env.HOME = mkdtempSync(join(tmpdir(), 'admin-e2e-home-'));
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
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
}

export async function newPage(browser: Browser): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[pageerror] ${e.message}`));
  return { ctx, page };
}

/** Logs in through the login form; returns when the first screen is shown. */
export async function login(page: Page, username: string): Promise<void> {
  await page.goto(`${BASE}/admin/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await page
    .getByRole('button', { name: '登 录' })
    .or(page.getByRole('button', { name: '登录' }))
    .first()
    .click();
  await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 15_000 });
  await page.getByTestId('current-user').waitFor();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A small API client for setting up data the way the mini-program would. */
export async function apiCall<T>(
  path: string,
  opts: { token?: string; method?: string; body?: unknown; form?: FormData } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`${BASE}/api/v1${path}`, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${opts.method ?? 'GET'} ${path} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function staffToken(
  username: string,
): Promise<{ token: string; user: { id: number; roles: string[]; departmentId: number | null } }> {
  return apiCall('/auth/staff', { body: { username, password: PASSWORD } });
}

/**
 * A real JPEG photo made by the browser itself, so uploads pass magic-byte and decode checks. Each call draws a new
 * random scene (a mosaic of light and dark patches under the label): the server refuses an after-photo that is
 * the same picture (perceptual hash) as another case's photo, and plain backgrounds with a centred label hash
 * alike whatever their colour or text. Pass the same buffer twice to send the same picture.
 */
export async function makePhoto(browser: Browser, label: string, color: string): Promise<Buffer> {
  const { ctx, page } = await newPage(browser);
  await page.setViewportSize({ width: 640, height: 480 });
  const cells = Array.from({ length: 16 * 12 }, () => {
    const alpha = (Math.random() * 0.85).toFixed(2);
    return `<i style="background:rgba(${Math.random() < 0.5 ? '0,0,0' : '255,255,255'},${alpha})"></i>`;
  }).join('');
  await page.setContent(
    `<body style="margin:0;background:${color};font:48px sans-serif;color:#fff;height:480px;position:relative">` +
      `<div style="position:absolute;inset:0;display:grid;grid-template-columns:repeat(16,1fr);grid-template-rows:repeat(12,1fr)">${cells}</div>` +
      `<div style="position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);border:8px dashed #fff;padding:24px;background:${color}">` +
      `${label} ${Math.random().toString(36).slice(2, 8)}</div></body>`,
  );
  const buf = await page.screenshot({ type: 'jpeg', quality: 85 });
  await ctx.close();
  return buf;
}

/** A resident reports a problem through the API (as the mini-program does) and returns the case id. */
export async function residentReport(
  browser: Browser,
  opts: { name: string; categoryCode: string; lat: number; lng: number; description: string; photo?: Buffer },
): Promise<{ caseId: number; reportId: number }> {
  const { token } = await apiCall<{ token: string }>('/auth/wechat', { body: { code: `sim:${opts.name}` } });
  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(opts.photo ?? (await makePhoto(browser, opts.description, '#7c5e3c')))], { type: 'image/jpeg' }),
    'before.jpg',
  );
  const photo = await apiCall<{ id: number }>('/uploads', { token, form });
  const report = await apiCall<{ id: number; caseId: number }>('/reports', {
    token,
    body: {
      kind: 'snap',
      categoryCode: opts.categoryCode,
      description: opts.description,
      location: { lat: opts.lat, lng: opts.lng },
      photoIds: [photo.id],
      clientRequestId: `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
    },
  });
  return { caseId: report.caseId, reportId: report.id };
}

export interface GridCollection {
  features: {
    properties: { id: number; code: string; name: string };
    geometry: { type: string; coordinates: number[][][] | number[][][][] };
  }[];
}

/** A point well inside the first grid of the demo service area. */
export async function pointInFirstGrid(): Promise<{ lat: number; lng: number; gridName: string }> {
  const grids = await apiCall<GridCollection>('/grids');
  const f = grids.features[0];
  const ring = (
    f.geometry.type === 'Polygon' ? (f.geometry.coordinates as number[][][])[0] : (f.geometry.coordinates as number[][][][])[0][0]
  ) as number[][];
  const lng = ring.reduce((a, p) => a + p[0], 0) / ring.length;
  const lat = ring.reduce((a, p) => a + p[1], 0) / ring.length;
  return { lat, lng, gridName: f.properties.name };
}

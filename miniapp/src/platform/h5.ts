import Taro from '@tarojs/taro';
import type { ClaimRewardResponse } from '@sansui/shared';
import { API_BASE, apiUrl } from '../api/config';
import { getToken } from '../api/token';
import { wgs84ToGcj02 } from '../lib/geo';
import type {
  DeviceLocation,
  ImageSource,
  LocalImage,
  MapTarget,
  Platform,
  PrivacyGate,
  SubscribeResult,
  TransferOutcome,
  UploadRequest,
  UploadResult,
} from './types';
import { DEMO_CENTER } from './types';

/** 浏览器实现：模拟登录、浏览器定位（或演示点）、文件选择、服务端模拟器确认收款 */

const SIM_NAME_KEY = 'sansui:sim-name';
const PRIVACY_KEY = 'sansui:privacy-agreed';

function randomId(len = 12): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(len);
  if (typeof crypto !== 'undefined' && crypto.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < len; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** 同一个浏览器始终是同一位居民：随机名保存在 localStorage */
export function simName(): string {
  let name = localStorage.getItem(SIM_NAME_KEY);
  if (!name) {
    name = `h5-${randomId()}`;
    localStorage.setItem(SIM_NAME_KEY, name);
  }
  return name;
}

function createPrivacyGate(): PrivacyGate {
  const listeners = new Set<(open: boolean) => void>();
  let waiters: ((agreed: boolean) => void)[] = [];
  let isOpen = false;
  const setOpen = (v: boolean) => {
    isOpen = v;
    listeners.forEach((l) => l(v));
  };
  const settle = (agreed: boolean) => {
    if (agreed) localStorage.setItem(PRIVACY_KEY, '1');
    setOpen(false);
    const w = waiters;
    waiters = [];
    w.forEach((fn) => fn(agreed));
  };
  return {
    ensure() {
      if (localStorage.getItem(PRIVACY_KEY) === '1') return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        waiters.push(resolve);
        setOpen(true);
      });
    },
    onRequest(listener) {
      listeners.add(listener);
      // 弹窗组件可能比 ensure() 晚挂载：立即告诉它当前状态
      listener(isOpen);
      return () => listeners.delete(listener);
    },
    agree: () => settle(true),
    decline: () => settle(false),
  };
}

/**
 * 浏览器里没有 wx.requestSubscribeMessage：替居民在服务端的微信模拟器里点“允许”
 * （/sim/wechat/_control/subscribe，按登录用的模拟名找到同一个 openid），
 * 返回与 wx 相同形状的结果，调用方随后照常向服务端登记授权。
 * 模拟器不可用（真实微信模式下是 404）或网络出错时，当作没有订阅，不影响上报。
 */
async function requestSubscribe(tmplIds: string[]): Promise<SubscribeResult> {
  const ids = tmplIds.slice(0, 3);
  if (ids.length === 0) return {};
  try {
    const res = await Taro.request<Record<string, unknown>>({
      url: `${API_BASE}/sim/wechat/_control/subscribe`,
      method: 'POST',
      header: { 'Content-Type': 'application/json' },
      data: { name: simName(), templateIds: ids },
      dataType: 'json',
      timeout: 10000,
    });
    if (res.statusCode !== 200 || !res.data) return {};
    const body = res.data;
    return Object.fromEntries(ids.filter((id) => typeof body[id] === 'string').map((id) => [id, String(body[id])]));
  } catch {
    return {};
  }
}

async function requestMerchantTransfer(bill: ClaimRewardResponse): Promise<TransferOutcome> {
  // 模拟微信的“确认收款”页
  const { confirm } = await Taro.showModal({
    title: '确认收款',
    content: '（模拟微信收款页）确认后红包将转入你的微信零钱。',
    confirmText: '确认收款',
    cancelText: '暂不领取',
  });
  if (!confirm) return 'cancelled';
  const token = getToken();
  const res = await fetch(apiUrl(`/sim/wechatpay/transfer-bills/${encodeURIComponent(bill.outBillNo)}/confirm`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: '{}',
  });
  if (!res.ok) {
    let message = '确认收款失败，请稍后再试';
    try {
      const body = await res.json();
      if (body && typeof body.message === 'string') message = body.message;
    } catch {
      /* ignore */
    }
    throw new Error(message);
  }
  return 'confirmed';
}

function getLocation(): Promise<DeviceLocation> {
  const demo: DeviceLocation = { ...DEMO_CENTER, source: 'demo', coordSystem: 'gcj02' };
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(demo);
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: DeviceLocation) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    // 有些浏览器既不成功也不失败：兜底超时
    const timer = setTimeout(() => finish(demo), 6000);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        clearTimeout(timer);
        const p = wgs84ToGcj02({ lat: pos.coords.latitude, lng: pos.coords.longitude });
        finish({ ...p, accuracyM: Math.round(pos.coords.accuracy), source: 'gps', coordSystem: 'gcj02' });
      },
      () => {
        clearTimeout(timer);
        finish(demo);
      },
      { enableHighAccuracy: true, timeout: 5000, maximumAge: 60000 },
    );
  });
}

/** blob: 地址 → 文件内容，上传时使用 */
const blobs = new Map<string, Blob>();

const MAX_EDGE = 1600;

/** 大图在浏览器里先压缩成长边 1600 的 JPEG（与小程序 sizeType: compressed 对应） */
async function compress(file: File): Promise<Blob> {
  if (typeof createImageBitmap !== 'function' || file.size < 400 * 1024) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) return file;
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const out = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', 0.8));
    return out && out.size < file.size ? out : file;
  } catch {
    return file;
  }
}

async function keepCompressed(files: File[], source?: ImageSource): Promise<LocalImage[]> {
  const out: LocalImage[] = [];
  for (const f of files) {
    const blob = await compress(f);
    const path = URL.createObjectURL(blob);
    blobs.set(path, blob);
    out.push({ path, size: blob.size, ...(source ? { source } : {}) });
  }
  return out;
}

function chooseImages(count: number, sources: ImageSource[] = ['camera', 'album']): Promise<LocalImage[]> {
  if (count <= 0) return Promise.resolve([]);
  const cameraOnly = sources.length === 1 && sources[0] === 'camera';
  const source: ImageSource | undefined = sources.length === 1 ? sources[0] : undefined;
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    // 手机浏览器见到 capture 直接打开相机，不给相册
    if (cameraOnly) input.setAttribute('capture', 'environment');
    input.multiple = count > 1 && !cameraOnly;
    input.setAttribute('data-testid', 'photo-input');
    input.style.display = 'none';
    document.body.appendChild(input);
    const cleanup = () => input.remove();
    input.addEventListener('cancel', () => {
      cleanup();
      resolve([]);
    });
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []).slice(0, count);
      cleanup();
      keepCompressed(files, source).then(resolve, reject);
    });
    input.click();
  });
}

function uploadFile(req: UploadRequest): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const blob = blobs.get(req.filePath);
    const send = (data: Blob) => {
      const form = new FormData();
      Object.entries(req.formData ?? {}).forEach(([k, v]) => form.append(k, v));
      form.append(req.name, data, data.type === 'image/png' ? 'photo.png' : 'photo.jpg');
      const xhr = new XMLHttpRequest();
      xhr.open('POST', req.url);
      Object.entries(req.headers).forEach(([k, v]) => xhr.setRequestHeader(k, v));
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) req.onProgress?.(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onload = () => resolve({ statusCode: xhr.status, body: xhr.responseText });
      xhr.onerror = () => reject(Object.assign(new Error('network'), { network: true }));
      xhr.ontimeout = xhr.onerror;
      xhr.timeout = 60000;
      xhr.send(form);
    };
    if (blob) send(blob);
    else {
      // 页面刷新后 blob: 地址可能已失效
      fetch(req.filePath)
        .then((r) => r.blob())
        .then(send)
        .catch(() => reject(Object.assign(new Error('照片已失效，请重新选择'), { lost: true })));
    }
  });
}

/** 浏览器里没有微信的地图导航：在新窗口打开高德地图网页（它用的也是 GCJ-02 坐标） */
async function openLocation(t: MapTarget): Promise<void> {
  const url =
    `https://uri.amap.com/marker?position=${t.lng},${t.lat}` +
    `&name=${encodeURIComponent(t.address || t.name)}&coordinate=gaode&callnative=1`;
  const opened = typeof window !== 'undefined' ? window.open(url, '_blank', 'noopener') : null;
  if (!opened) void Taro.showToast({ title: '浏览器拦截了地图页，请在微信小程序里导航', icon: 'none' });
}

function onOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  return () => window.removeEventListener('online', listener);
}

export const h5Platform: Platform = {
  name: 'h5',
  login: () => Promise.resolve(`sim:${simName()}`),
  privacy: createPrivacyGate(),
  requestSubscribe,
  requestMerchantTransfer,
  getLocation,
  chooseImages,
  uploadFile,
  openLocation,
  onOnline,
  resetIdentity: () => localStorage.removeItem(SIM_NAME_KEY),
};

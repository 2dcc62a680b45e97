import type { ClaimRewardResponse } from '@sansui/shared';

/** 一张本地照片：小程序是临时文件路径，H5 是 blob: 地址。 */
export interface LocalImage {
  path: string;
  size: number;
  /** 怎么得到的：相机现拍 / 相册选取（只在调用方限定了一种来源时可知） */
  source?: ImageSource;
}

/** 照片来源：相机现拍或相册 */
export type ImageSource = 'camera' | 'album';

/** 导航目标（GCJ-02） */
export interface MapTarget {
  lat: number;
  lng: number;
  name: string;
  address?: string;
}

export interface DeviceLocation {
  lat: number;
  lng: number;
  /** 定位精度（米）；演示点为 undefined */
  accuracyM?: number;
  /** 'gps'：设备定位；'demo'：定位不可用时的演示城市中心点 */
  source: 'gps' | 'demo';
  coordSystem: 'gcj02';
}

export interface UploadRequest {
  url: string;
  filePath: string;
  /** multipart 字段名，服务端约定为 file */
  name: string;
  headers: Record<string, string>;
  /** 与照片一起发送的 multipart 文本字段（拍摄时间、位置、来源） */
  formData?: Record<string, string>;
  onProgress?: (percent: number) => void;
}

export interface UploadResult {
  statusCode: number;
  /** 服务端返回的原始文本（JSON） */
  body: string;
}

export type TransferOutcome =
  /** 用户在微信收款页点了确认（不代表钱已到账，以服务端为准） */
  | 'confirmed'
  | 'cancelled'
  /** 微信版本过低，不支持 requestMerchantTransfer */
  | 'unsupported';

export type SubscribeResult = Record<string, 'accept' | 'reject' | 'ban' | 'filter' | string>;

/** 隐私协议：小程序走微信隐私授权；H5 只记录一次同意。 */
export interface PrivacyGate {
  /** 需要时弹出同意框，返回是否同意 */
  ensure(): Promise<boolean>;
  /** 弹窗组件订阅“需要授权”，返回取消订阅函数 */
  onRequest(listener: (open: boolean) => void): () => void;
  /** 用户在弹窗里点了同意（小程序里由 openType=agreePrivacyAuthorization 的按钮触发） */
  agree(): void;
  decline(): void;
}

/**
 * 平台层：页面只通过它使用登录、隐私、订阅消息、商家转账确认、定位、选图和上传。
 * 构建时按 process.env.TARO_ENV 选择 weapp 或 h5 实现。
 */
export interface Platform {
  readonly name: 'weapp' | 'h5';
  /** 换取一次性登录 code：小程序 wx.login；H5 为 sim:<本浏览器固定的随机名> */
  login(): Promise<string>;
  privacy: PrivacyGate;
  /**
   * 订阅消息授权。必须在点击事件里同步调用（调用前不能有 await），
   * 返回的 Promise 可以稍后再等。
   */
  requestSubscribe(tmplIds: string[]): Promise<SubscribeResult>;
  /** 拉起“确认收款”。成功回调不代表到账，调用方随后要向服务端刷新状态。 */
  requestMerchantTransfer(bill: ClaimRewardResponse): Promise<TransferOutcome>;
  getLocation(): Promise<DeviceLocation>;
  /**
   * 选图（压缩后）。sources 只给一种时结果带 source：['camera'] 只能现拍（取证照片），['album'] 只从相册选。
   * 小程序：chooseMedia 的 sourceType；H5：['camera'] 用带 capture 属性的文件输入，否则普通文件选择。
   */
  chooseImages(count: number, sources?: ImageSource[]): Promise<LocalImage[]>;
  uploadFile(req: UploadRequest): Promise<UploadResult>;
  /** 打开地图导航到某处（小程序 openLocation；H5 打开高德地图网页） */
  openLocation(target: MapTarget): Promise<void>;
  /** 网络恢复时回调（用于草稿自动重试），返回取消订阅函数 */
  onOnline(listener: () => void): () => void;
  /** 注销账号后忘掉本机身份（H5：换一个新的模拟名；小程序：无需处理） */
  resetIdentity(): void;
}

/** 演示城市中心（杭州），定位不可用时使用 */
export const DEMO_CENTER = { lat: 30.2741, lng: 120.1551 } as const;

/** 隐私弹窗里“同意”按钮的 id（微信要求 resolve 时带上） */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree-btn';

import type {
  CampaignStatsDto,
  CategoryDto,
  ClaimRewardResponse,
  CreateReportRequest,
  FeedbackRequest,
  FollowedCaseDetailDto,
  FollowedCaseDto,
  GeoWhereDto,
  MapConfigDto,
  MeTooResultDto,
  MyRewardDto,
  NearbyReportDto,
  Page,
  ReportDetailDto,
  ReportDto,
  SubscriptionGrantResponse,
  SubscriptionTemplateDto,
  UploadResponse,
} from '@sansui/shared';
import type { GridCollection } from '../lib/geo';
import { captureFormData, type CaptureFacts } from '../lib/capture';
import { ApiError } from './errors';
import { request, upload } from './http';

export { ApiError, showError, errorMessage } from './errors';
export { bindStaff, ensureLogin, logout } from './http';
export { getSessionUser, isStaff } from './session';

/** 所有接口集中在这里，路径见 docs/domain.md §13（都在 /api/v1 下） */
export const api = {
  campaignStats: () => request<CampaignStatsDto>('GET', '/stats/campaign', { auth: false }),
  categories: () => request<CategoryDto[] | Page<CategoryDto>>('GET', '/categories', { auth: false }).then(asItems),
  grids: () => request<GridCollection>('GET', '/grids', { auth: false }),
  /** 街道底图的瓦片地址模板（H5 用；null 表示只画网格） */
  mapConfig: () => request<MapConfigDto>('GET', '/geo/map-config', { auth: false }),

  /** 上传一张照片，附带拍摄事实（docs/domain.md §14 的 multipart 字段） */
  uploadPhoto: (filePath: string, onProgress?: (p: number) => void, capture?: CaptureFacts) =>
    upload<UploadResponse>('/uploads', filePath, onProgress, captureFormData(capture)),
  createReport: (body: CreateReportRequest) => request<ReportDto>('POST', '/reports', { body }),
  myReports: (page = 1, pageSize = 20) => request<Page<ReportDto>>('GET', '/reports/mine', { query: { page, pageSize } }),
  report: (id: number) => request<ReportDetailDto>('GET', `/reports/${id}`),
  feedback: (id: number, body: FeedbackRequest) => request<unknown>('POST', `/reports/${id}/feedback`, { body }),

  /** 图钉在哪：是否在服务区、网格、地址（docs/domain.md §15） */
  geoWhere: (lat: number, lng: number) => request<GeoWhereDto>('GET', '/geo/where', { query: { lat, lng } }),
  /** 我也遇到：关注这个案卷（重复点结果相同，不发红包） */
  meToo: (caseId: number) => request<MeTooResultDto>('POST', `/cases/${caseId}/me-too`),
  myFollowed: (page = 1, pageSize = 20) => request<Page<FollowedCaseDto>>('GET', '/me-too/mine', { query: { page, pageSize } }),
  followed: (caseId: number) => request<FollowedCaseDetailDto>('GET', `/me-too/mine/${caseId}`),

  /** 附近的公开上报；服务端还没有这个接口时（404）返回空列表 */
  nearby: async (
    lat: number,
    lng: number,
    opts: { radiusM?: number; openOnly?: boolean; categoryCode?: string } = {},
  ): Promise<NearbyReportDto[]> => {
    try {
      const query: Record<string, string | number> = { lat, lng };
      if (opts.radiusM) query.radiusM = opts.radiusM;
      if (opts.openOnly) query.openOnly = 'true';
      if (opts.categoryCode) query.categoryCode = opts.categoryCode;
      const res = await request<NearbyReportDto[] | Page<NearbyReportDto>>('GET', '/reports/nearby', { query });
      return asItems(res);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return [];
      throw err;
    }
  },

  myRewards: () => request<MyRewardDto[] | Page<MyRewardDto>>('GET', '/rewards/mine').then(asItems),
  claimReward: (id: number) => request<ClaimRewardResponse>('POST', `/rewards/${id}/claim`),

  /** 可订阅的消息模板（点提交时用 wx.requestSubscribeMessage 请求授权） */
  subscriptionTemplates: () => request<SubscriptionTemplateDto[]>('GET', '/subscriptions/templates'),
  /** 记录居民点了“允许”的模板（每次授权可发一条消息） */
  grantSubscriptions: (templateIds: string[]) =>
    request<SubscriptionGrantResponse>('POST', '/subscriptions', { body: { templateIds: templateIds.slice(0, 3) } }),

  deleteAccount: () => request<unknown>('DELETE', '/me'),
};

/** 列表接口按契约返回 {items,...}；兼容直接返回数组 */
function asItems<T>(res: T[] | Page<T>): T[] {
  return Array.isArray(res) ? res : (res?.items ?? []);
}

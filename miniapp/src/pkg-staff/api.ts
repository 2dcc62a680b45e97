import type {
  CaseListItemDto,
  CaseStaffDetailDto,
  ChecklistDto,
  CreateFindingRequest,
  DepartmentDto,
  EvidenceCheckDto,
  EvidenceDto,
  FindingCreatedDto,
  MonitoringPointsDto,
  NoticeReadAllDto,
  NoticeUnreadCountDto,
  Page,
  ResolveCaseRequest,
  RoundSummaryDto,
  StaffNoticeDto,
  SupervisionNoticeDto,
  SupervisionNoticeSummaryDto,
  SupervisionReplyRequest,
} from '@sansui/shared';
import { request, upload } from '../api/http';
import { captureFormData, type CaptureFacts } from '../lib/capture';

/** 取证结论（docs/domain.md §14）：每项检查 {code, ok, outcome, detail}，全部通过才 verified */
export type Evidence = Pick<EvidenceDto, 'verified' | 'checks'>;
export type EvidenceCheck = EvidenceCheckDto;

/** 工作人员看到的案卷详情：§14 的 evidence、§15 的 address（服务端还没有时为 undefined） */
export type StaffCase = CaseStaffDetailDto & { evidence?: Evidence | null; address?: string | null };
export type StaffCaseItem = CaseListItemDto & { address?: string | null };

type Versioned = { expectedVersion?: number };

/** 工作台用到的接口（都在 /api/v1 下，按登录者的角色和部门由服务端限定范围） */
export const staffApi = {
  /** 按时限排序的案卷（status 可以是逗号分隔的多个状态） */
  cases: (status: string, page = 1, pageSize = 50) =>
    request<Page<StaffCaseItem>>('GET', '/cases', { query: { status, sort: 'deadline', page, pageSize } }),
  case: (id: number) => request<StaffCase>('GET', `/cases/${id}`),
  claim: (id: number, v: Versioned) => request<StaffCase>('POST', `/cases/${id}/claim`, { body: v }),
  returnCase: (id: number, reason: string, v: Versioned) => request<StaffCase>('POST', `/cases/${id}/return`, { body: { reason, ...v } }),
  requestExtension: (id: number, hours: number, reason: string) =>
    request<unknown>('POST', `/cases/${id}/extension`, { body: { hours, reason } }),
  resolve: (id: number, body: ResolveCaseRequest & Versioned) => request<StaffCase>('POST', `/cases/${id}/resolve`, { body }),
  /** 核查；photoIds 为现场核查照片（空：案头核查） */
  verify: (id: number, passed: boolean, note: string | undefined, photoIds: number[], v: Versioned) =>
    request<StaffCase>('POST', `/cases/${id}/verify`, {
      body: { passed, ...(note ? { note } : {}), ...(photoIds.length ? { photoIds } : {}), ...v },
    }),
  departments: () => request<DepartmentDto[] | Page<DepartmentDto>>('GET', '/departments').then((r) => (Array.isArray(r) ? r : r.items)),
  /** 检查轮次（§16）、检查细则、录入检查发现 */
  rounds: () => request<RoundSummaryDto[]>('GET', '/inspection-rounds'),
  checklist: () => request<ChecklistDto>('GET', '/checklist'),
  /** 重点监控点位（§16）；roundId：该轮受检区域内的 */
  monitoringPoints: (roundId?: number) => request<MonitoringPointsDto>('GET', '/monitoring-points', { query: roundId ? { roundId } : {} }),
  addFinding: (roundId: number, body: CreateFindingRequest) =>
    request<FindingCreatedDto>('POST', `/inspection-rounds/${roundId}/findings`, { body }),
  /** 通知（§17）：未读数、列表（未读在前）、标记已读、全部已读 */
  unreadNotices: () => request<NoticeUnreadCountDto>('GET', '/notices/unread-count'),
  notices: (page = 1, pageSize = 50) => request<Page<StaffNoticeDto>>('GET', '/notices', { query: { page, pageSize } }),
  readNotice: (id: number) => request<StaffNoticeDto>('POST', `/notices/${id}/read`, { body: {} }),
  readAllNotices: () => request<NoticeReadAllDto>('POST', '/notices/read-all', { body: {} }),
  /** 督办通知（§16）：本部门的列表、详情、整改回复 */
  supervisionNotices: () => request<SupervisionNoticeSummaryDto[]>('GET', '/supervision-notices'),
  supervisionNotice: (id: number) => request<SupervisionNoticeDto>('GET', `/supervision-notices/${id}`),
  replySupervision: (id: number, body: SupervisionReplyRequest) =>
    request<SupervisionNoticeDto>('POST', `/supervision-notices/${id}/replies`, { body }),
  uploadPhoto: (filePath: string, capture: CaptureFacts | undefined, onProgress: (p: number) => void) =>
    upload<{ id: number; thumbUrl: string }>('/uploads', filePath, onProgress, captureFormData(capture)),
};

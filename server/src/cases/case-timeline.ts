import {
  CASE_ACTION_LABELS,
  CASE_STATUS_LABELS,
  REJECT_REASON_LABELS,
  ROLE_LABELS,
  type CaseAction,
  type PhotoDto,
  type RejectReason,
  type TimelineEventDto,
} from '@sansui/shared';
import type { CaseEvent } from './case-event.entity';

const OTHER_LABELS: Record<string, string> = {
  submit: '提交上报',
  extension_request: '申请延期',
  extension_decide: '审批延期',
  feedback: '居民评价',
  escalate: '督办',
  content_flag: '内容安全提示',
  moderate: '内容审核',
  note: '备注',
  reopen_requested: '居民反馈没有解决',
  reopen_declined: '不予重新派遣',
  reassign: '改派',
};

const STEP_LABELS: Record<string, string> = {
  reminder: '督办提醒（时限已过半）',
  overdue: '已超期，通知部门负责人',
  circular: '超过两倍时限，列入通报',
};

/** One sentence for staff: what happened, with the details an action carries. */
export function staffSentence(e: CaseEvent, departmentName: (id: number | null | undefined) => string | null): string {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const label = CASE_ACTION_LABELS[e.action as CaseAction] ?? OTHER_LABELS[e.action] ?? e.action;
  const move =
    e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus
      ? `（${CASE_STATUS_LABELS[e.fromStatus]} → ${CASE_STATUS_LABELS[e.toStatus]}）`
      : '';
  switch (e.action) {
    case 'reject':
      return `${label}：${REJECT_REASON_LABELS[data.reason as RejectReason] ?? data.reason ?? ''}${move}`;
    case 'dispatch':
    case 'reopen':
      return `${label}至 ${departmentName(data.departmentId as number) ?? '部门'}${move}`;
    case 'return':
      return `${label}（${departmentName(data.departmentId as number) ?? '部门'}）：${data.reason ?? ''}${move}`;
    case 'extension_request':
      return `${label} ${data.hours} 小时：${data.reason ?? ''}`;
    case 'extension_decide':
      return `${label}：${data.approved ? `同意，延长 ${data.hours} 小时` : '不同意'}`;
    case 'escalate':
      return `${label}：${STEP_LABELS[data.step as string] ?? data.step}`;
    case 'reassign':
      return `${label}：${data.fromHandlerName ?? '（无）'} → ${data.toHandlerName ?? ''}`;
    case 'verify_pass':
    case 'verify_fail':
      return `${data.onSite ? '现场核查' : '案头核查'}：${(data.passed ?? e.action === 'verify_pass') ? '通过' : '不通过，返工'}${
        data.onSite ? (data.evidenceVerified ? '（核查照片已核实）' : '（核查照片未核实）') : ''
      }${move}`;
    case 'merge':
      return data.mergedCaseId ? `合并了重复上报（案卷 ${data.mergedCaseId}）` : `${label}到案卷 ${data.masterCaseId}${move}`;
    default:
      return `${label}${move}`;
  }
}

/** The staff timeline: names of the actors, every event (internal ones too), photos with staff-signed URLs. */
export function staffTimeline(
  events: CaseEvent[],
  names: Map<number, string>,
  photos: Map<number, PhotoDto>,
  departmentName: (id: number | null | undefined) => string | null,
): TimelineEventDto[] {
  return events.map((e) => ({
    id: e.id,
    at: e.createdAt.toISOString(),
    action: e.action as TimelineEventDto['action'],
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorRole: e.actorRole,
    actorName: e.actorUserId !== null ? (names.get(e.actorUserId) ?? null) : e.actorRole === 'system' ? '系统' : null,
    note: e.note,
    photos: (e.photoIds ?? []).flatMap((id) => (photos.has(id) ? [photos.get(id)!] : [])),
    text: staffSentence(e, departmentName),
    ...(e.actorRole && e.actorRole !== 'system' ? { roleLabel: ROLE_LABELS[e.actorRole] } : {}),
    data: e.data,
  }));
}

import { REJECT_REASON_LABELS, ROLE_LABELS, type CaseActor, type RejectReason, type TimelineEventDto } from '@sansui/shared';
import type { CaseEvent } from '../cases/case-event.entity';

export interface TimelineContext {
  /** The report's own case (events of a master case are phrased differently). */
  ownCaseId: number;
  /** "环卫部门"-style label for the department handling the case. */
  departmentLabel: string;
  /** Label of the department named in an event (dispatch data), when known. */
  departmentLabelOf: (departmentId: number | null | undefined) => string | null;
}

/** Who acted, as a resident sees it: a role or department, never a staff member's name. */
export function residentActorLabel(role: CaseActor | null, ctx: TimelineContext): string | null {
  if (!role) return null;
  if (role === 'system') return '系统';
  if (role === 'resident') return '居民';
  if (role === 'handler' || role === 'dept_manager') return ctx.departmentLabel;
  if (role === 'dispatcher') return '爱卫办';
  if (role === 'inspector') return '巡查员';
  return ROLE_LABELS[role] ?? null;
}

/** One friendly Chinese sentence per event (docs/domain.md §5: "the resident sees a friendly version of the same timeline"). */
export function residentSentence(e: CaseEvent, ctx: TimelineContext): string | null {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const own = e.caseId === ctx.ownCaseId;
  const dept = ctx.departmentLabelOf(data.departmentId as number | undefined) ?? ctx.departmentLabel;
  switch (e.action) {
    case 'submit':
      return own ? (e.actorRole === 'dispatcher' ? '热线来电已登记' : '您的上报已提交') : null;
    case 'accept':
      return '爱卫办已受理，正在安排处理';
    case 'reject': {
      const reason = REJECT_REASON_LABELS[data.reason as RejectReason];
      return reason ? `未予受理：${reason}` : '未予受理';
    }
    case 'merge':
      if (!own && data.mergedCaseId === ctx.ownCaseId) return null; // the master's side of this report's own merge
      return own ? '附近已有人反映了同一问题，您的上报已合并处理，进展会同步给您' : '又有居民反映了这个问题';
    case 'dispatch':
      return `已交给${dept}处理`;
    case 'claim':
      return `${ctx.departmentLabel}已接单，正在处理`;
    case 'return':
      return '责任部门需要重新安排，爱卫办正在协调';
    case 'resolve':
      return `${ctx.departmentLabel}已处理完毕，等待核查`;
    case 'verify_pass':
      return '经核查问题已解决，感谢您的参与';
    case 'verify_fail':
      return '核查发现还没处理好，已要求返工';
    case 'reopen':
      return '已重新派遣处理';
    case 'reopen_requested':
      return '您反馈问题没有解决，爱卫办会尽快确认';
    case 'reopen_declined':
      return '爱卫办复核后认为问题已解决';
    case 'feedback':
      return '您评价：问题已解决';
    case 'extension_request':
      return `${ctx.departmentLabel}申请延长处理时间`;
    case 'extension_decide':
      return data.approved ? '处理时限已延长' : null;
    case 'escalate':
      return '爱卫办已督促加快处理';
    case 'moderate': {
      // Only the reporter's own photos are worth a sentence; an approval without hidden photos changes nothing they see.
      const hidden = Array.isArray(data.hiddenPhotoIds) ? data.hiddenPhotoIds.length : 0;
      return own && hidden > 0 ? `经人工审核，有 ${hidden} 张照片不适合公开展示，已隐藏，不影响问题处理` : null;
    }
    default:
      return null; // notes, content flags and other internal events are not shown to residents
  }
}

/** Builds the resident timeline; events without a resident sentence are left out. */
export function residentTimeline(
  events: CaseEvent[],
  ctx: TimelineContext,
  photosOf: (e: CaseEvent) => TimelineEventDto['photos'],
): TimelineEventDto[] {
  return events.flatMap((e) => {
    const text = residentSentence(e, ctx);
    if (text === null) return [];
    return [
      {
        id: e.id,
        at: e.createdAt.toISOString(),
        action: e.action as TimelineEventDto['action'],
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actorRole: e.actorRole,
        actorName: residentActorLabel(e.actorRole, ctx),
        note: e.action === 'reject' || e.action === 'resolve' || e.action === 'verify_fail' ? e.note : null,
        photos: photosOf(e),
        text,
      },
    ];
  });
}

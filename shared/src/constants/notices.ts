/** What a staff notice is about (docs/domain.md §17); the bell shows the label beside the title. */
export const NOTICE_KIND_LABELS: Record<string, string> = {
  case_dispatched: '新派遣',
  case_reminder: '督办提醒',
  case_overdue: '超期',
  case_circular: '列入通报',
  case_reassigned: '改派',
  case_returned: '退单',
  case_verify_failed: '核查未通过',
  case_reopened: '返工',
  reopen_requested: '居民反馈未解决',
  extension_decided: '延期审批',
  extension_requested: '延期申请',
  moderation: '内容审核',
  supervision_notice: '督办通知',
  supervision_reply: '整改回复',
  supervision_overdue: '督办逾期',
  supervision_circular: '督办通报',
};

export function noticeKindLabel(kind: string): string {
  return NOTICE_KIND_LABELS[kind] ?? '通知';
}

import type { AreaLevel, DepartmentType } from '../constants/departments';
import type { ContentCheckState, CoordSystem, ModerationVerdict, PhotoRole, ReportKind, ReportSource } from '../constants/reports';
import type { RewardStatus } from '../constants/rewards';
import type { Role } from '../constants/roles';
import type { CaseAction, CaseActor } from '../workflow/case-machine';
import type { CaseStatus } from '../workflow/case-status';

/** ISO-8601 UTC timestamp string. */
export type IsoDateTime = string;

export interface LatLng {
  lat: number;
  lng: number;
}

export interface UserDto {
  id: number;
  kind: 'resident' | 'staff';
  displayName: string;
  roles: Role[];
  departmentId: number | null;
  /** Staff only. */
  username?: string;
  /** Residents only, masked unless the viewer needs it. */
  openidMasked?: string;
}

export interface DepartmentDto {
  id: number;
  code: string;
  name: string;
  type: DepartmentType;
  areaId: number | null;
}

/** A department as the admin pages list and edit it (GET /departments). */
export interface DepartmentAdminDto extends DepartmentDto {
  active: boolean;
  contactPhone: string | null;
}

export interface CategoryDto {
  code: string;
  name: string;
  hint: string;
  defaultDepartmentType: DepartmentType;
  slaHours: number;
  rewardFen: number;
  duplicateRadiusM: number;
  enabled: boolean;
  sortOrder: number;
}

export interface AreaDto {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentId: number | null;
}

export interface PhotoDto {
  id: number;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  /** Hidden photos (content check `risky`) have no url for residents. */
  hidden?: boolean;
}

export interface UploadResponse {
  id: number;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  /** What the uploading device declared about the moment of capture (docs/domain.md §14); nulls where unknown. */
  capture: CaptureFactsDto;
}

export interface TimelineEventDto {
  id: number;
  at: IsoDateTime;
  action:
    | CaseAction
    | 'submit'
    | 'extension_request'
    | 'extension_decide'
    | 'feedback'
    | 'escalate'
    | 'content_flag'
    | 'moderate'
    | 'note'
    | 'reassign';
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  actorRole: CaseActor | null;
  /** Staff see names; residents see a role label. */
  actorName: string | null;
  note: string | null;
  photos: PhotoDto[];
  /** One plain-Chinese sentence for residents. */
  text: string;
}

export interface CaseDto {
  id: number;
  status: CaseStatus;
  kind: ReportKind;
  categoryCode: string;
  departmentId: number | null;
  deadline: IsoDateTime | null;
  location: LatLng;
  /** Readable address (docs/domain.md §15); null until reverse geocoding answered. */
  address: string | null;
  /** Residents who said 我也遇到 (me too). */
  meTooCount: number;
  reportIds: number[];
  gridId: number | null;
  source: ReportSource;
  overdue: boolean;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  version: number;
}

export interface CaseDetailDto extends CaseDto {
  timeline: TimelineEventDto[];
  photos: PhotoDto[];
  description: string | null;
  /** Actions the caller may take now. */
  actions: CaseAction[];
}

export interface ReportDto {
  id: number;
  caseId: number;
  kind: ReportKind;
  source: ReportSource;
  categoryCode: string;
  description: string | null;
  location: LatLng;
  coordSystem: CoordSystem;
  /** Readable address (docs/domain.md §15); null until reverse geocoding answered. */
  address: string | null;
  /** Status of the report's case as the resident sees it. */
  status: CaseStatus;
  statusText: string;
  photos: PhotoDto[];
  afterPhotos: PhotoDto[];
  contentCheck: ContentCheckState;
  createdAt: IsoDateTime;
  clientRequestId: string;
}

export interface ReportDetailDto extends ReportDto {
  timeline: TimelineEventDto[];
  departmentName: string | null;
  resolutionPhotos: PhotoDto[];
  canGiveFeedback: boolean;
  feedback: { satisfied: boolean; comment: string | null; at: IsoDateTime } | null;
}

export interface RewardDto {
  id: number;
  reportId: number;
  caseId: number;
  userId: number;
  amountFen: number;
  status: RewardStatus;
  createdAt: IsoDateTime;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The reward campaign running now (active, startsAt ≤ now ≤ endsAt), as shown on the mini-program home page. */
export interface CurrentCampaignDto {
  id: number;
  name: string;
  startsAt: IsoDateTime;
  endsAt: IsoDateTime;
  /** When a 随手拍 report earns its red packet: once accepted, or once the case is closed (随手捡: once verified). */
  snapTrigger: 'accepted' | 'closed';
  /** At most this many red packets per resident and day (null: no daily count cap). */
  dailyCountCap: number | null;
}

export interface CampaignStatsDto {
  residents: number;
  photos: number;
  reports: number;
  casesClosed: number;
  rewardsPaidFen: number;
  /** null when no campaign is running. */
  currentCampaign: CurrentCampaignDto | null;
}

/** A row of GET /audit: one entry of the hash-chained audit log (docs/domain.md §9). */
export interface AuditLogEntryDto {
  id: number;
  at: IsoDateTime;
  actorUserId: number | null;
  /** As recorded, or the account's current name when the entry was recorded without one. */
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId?: number;
}

/** The audit chain's head at a moment, signed by the server (docs/domain.md §9). */
export interface AuditAnchorDto {
  lastId: number;
  hash: string;
  anchoredAt: IsoDateTime;
  signature: string;
}

/** What an auditor downloads and keeps outside the database: every anchor so far. */
export interface AuditAnchorFile {
  kind: 'sansui-audit-anchors';
  exportedAt: IsoDateTime;
  anchors: AuditAnchorDto[];
}

/** An anchor the chain no longer matches: entries after `sinceLastId` up to `lastId` were rewritten or deleted. */
export interface BrokenAnchor {
  lastId: number;
  anchoredAt: IsoDateTime;
  expectedHash: string;
  /** The hash the entry has now; null when the entry is gone. */
  foundHash: string | null;
  /** The last anchor before it that still matches (0 = the start of the log). */
  sinceLastId: number;
  /** `hash`: the entry changed or is gone; `signature`: the stored anchor itself was rewritten. */
  reason: 'hash' | 'signature';
}

export interface AnchorVerifyResult extends AuditVerifyResult {
  anchorsChecked: number;
  /** Where the anchors came from: the server's own table, or a file the auditor kept. */
  source: 'database' | 'file';
  brokenAnchors: BrokenAnchor[];
}

export type { PhotoRole };

// --- reports ---
/** A public, anonymised report for the "nearby" map: coarsened location, no personal data. */
export interface NearbyReportDto {
  caseId: number;
  categoryCode: string;
  status: CaseStatus;
  statusText: string;
  /** Rounded to about 100 m. */
  location: LatLng;
  createdAt: IsoDateTime;
  /** Metres from the asked point to the case (exact position, rounded to 5 m). */
  distanceM: number;
  address: string | null;
  /** A photo of the problem that passed the content check. */
  thumbUrl: string | null;
  meTooCount: number;
  /** Still being worked: 我也遇到 is possible. */
  open: boolean;
}

/** A resident's "没有解决" waiting for a dispatcher's decision. */
export interface ReopenRequestDto {
  id: number;
  reportId: number;
  caseId: number;
  userId: number;
  comment: string | null;
  photoIds: number[];
  status: 'pending' | 'accepted' | 'declined';
  createdAt: IsoDateTime;
}

/** A photo in the moderation queue: staff-signed URLs (also for hidden ones) and what the check said about it. */
export interface ModerationPhotoDto extends PhotoDto {
  role: PhotoRole | null;
  contentCheck: ContentCheckState;
  /** WeChat's label of the image verdict (CONTENT_LABEL_NAMES), when it gave one. */
  label: number | null;
}

/** A report whose text or photos the content check marked risky or for review (docs/domain.md §17). */
export interface ModerationItemDto {
  reportId: number;
  caseId: number;
  caseStatus: CaseStatus;
  categoryCode: string;
  description: string | null;
  address: string | null;
  /** The report's verdict: the worst of its text and photos. */
  contentCheck: ContentCheckState;
  /** The verdict on the text at submission ('review' also when the checker could not be asked). */
  textCheck: string | null;
  photos: ModerationPhotoDto[];
  reporterName: string;
  createdAt: IsoDateTime;
  /** Reject (违规内容) is possible only while the case is still `submitted`. */
  canReject: boolean;
  decision: ModerationDecisionDto | null;
  /** The reporter's "解决了吗?" answer, whose comment is checked like the report's text ('review' puts the report here). */
  feedback: ModerationFeedbackDto | null;
}

export interface ModerationFeedbackDto {
  satisfied: boolean;
  comment: string | null;
  /** 'pass', 'review' or 'skipped' (no comment); null for feedback given before comments were checked. */
  commentCheck: string | null;
  createdAt: IsoDateTime;
}

export interface ModerationDecisionDto {
  id: number;
  verdict: ModerationVerdict;
  hiddenPhotoIds: number[];
  note: string | null;
  moderatorName: string;
  createdAt: IsoDateTime;
}

/** POST /moderation/items/:reportId/decision */
export interface ModerationDecisionInput {
  verdict: ModerationVerdict;
  /** approve: the report's photos to keep hidden (every other photo of the report is shown). */
  hiddenPhotoIds?: number[];
  /** Required for reject; shown in the timeline. */
  note?: string;
}
// --- end reports ---

// --- places / departments / categories / routing ---
/** A node of GET /areas (the area tree, staff only). */
export interface AreaTreeNodeDto extends AreaDto {
  hasGeometry: boolean;
  children: AreaTreeNodeDto[];
}

/** Properties of each feature of GET /grids (public GeoJSON FeatureCollection). */
export interface GridFeatureProperties {
  id: number;
  code: string;
  name: string;
  communityName: string | null;
  streetName: string | null;
  districtName: string | null;
}

/** 责任区 / 包干路段 (GET /zones). `geometry` is a GeoJSON Polygon; `sourceLine` the LineString it was buffered from. */
export interface ResponsibilityZoneDto {
  id: number;
  name: string;
  departmentId: number;
  geometry: unknown;
  sourceLine: unknown | null;
  bufferM: number | null;
  categoryCodes: string[] | null;
  active: boolean;
}

export interface RoutingRuleDto {
  id: number;
  /** null = any category. */
  categoryCode: string | null;
  /** null = the whole city. */
  areaId: number | null;
  departmentId: number;
  priority: number;
  active: boolean;
  note: string | null;
}

/** How a department was suggested (docs/domain.md §6 step 5). */
export type RoutingBasis = 'rule' | 'zone' | 'area' | 'fallback' | 'none';

export interface RoutingSuggestionDto {
  departmentId: number | null;
  departmentName: string | null;
  rule: RoutingBasis;
  /** One Chinese sentence the dispatcher can check. */
  explanation: string;
}

/** One problem found in an area import (POST /areas/import). */
export interface AreaImportIssue {
  /** Index of the feature in the FeatureCollection. */
  index: number;
  code: string | null;
  reason: string;
}

export interface AreaImportOverlap {
  a: string;
  b: string;
  /** Overlapping area, square metres. */
  areaM2: number;
}

export interface AreaImportPreview {
  dryRun: boolean;
  /** Features per level, split into new and updated areas. */
  counts: Record<AreaLevel, { create: number; update: number }>;
  total: number;
  invalid: AreaImportIssue[];
  overlaps: AreaImportOverlap[];
  /** True when the import was written (never on a dry run). */
  imported: boolean;
}
/** One area with its boundary (GET/POST/PATCH /areas/:id). */
export interface AreaDetailDto extends AreaDto {
  /** GeoJSON Polygon or MultiPolygon (GCJ-02), or null for an area drawn only through its children. */
  geometry: unknown | null;
}
// --- end places ---

// --- auth / users / notifications ---
/** A user as an admin sees it in staff management (phone and openid masked). */
export interface AdminUserDto extends UserDto {
  active: boolean;
  phoneMasked: string | null;
  /** Staff: WeCom member UserID notices are pushed to (§17); null when not set. */
  wecomUserId: string | null;
  lastLoginAt: IsoDateTime | null;
  createdAt: IsoDateTime;
  deletedAt: IsoDateTime | null;
}

/** A notice to staff (督办提醒, 超期通知 …), addressed to one person or a whole department. */
export interface StaffNoticeDto {
  id: number;
  userId: number | null;
  departmentId: number | null;
  kind: string;
  title: string;
  body: string;
  caseId: number | null;
  read: boolean;
  readAt: IsoDateTime | null;
  createdAt: IsoDateTime;
}

/** The bell: how many of my notices (mine and my department's) are unread. */
export interface NoticeUnreadCountDto {
  unread: number;
}

/** 全部已读: how many notices this marked read. */
export interface NoticeReadAllDto {
  updated: number;
}

/** A subscription-message template the mini-program may ask the resident to allow. */
export interface SubscriptionTemplateDto {
  key: string;
  templateId: string;
  title: string;
}
// --- end auth ---

// --- rewards / payouts / ledger ---
/** A reward as the resident sees it in 我的红包. */
export interface MyRewardDto extends RewardDto {
  campaignName: string;
  statusLabel: string;
  /** What to do next, in Chinese. */
  hint: string;
  claimable: boolean;
  outBillNo: string | null;
  /** When the money reached the resident's WeChat change (paid rewards only). */
  paidAt: IsoDateTime | null;
}

/** A fraud signal raised on a reward, with what raised it (docs/domain.md §8). */
export interface FraudSignalDto {
  signal: string;
  /** Per signal; REUSED_PHOTO's is `ReusedPhotoEvidence`. */
  evidence: Record<string, unknown>;
}

/** One REUSED_PHOTO match: a photo of this report and the earlier photo it matched. */
export interface PhotoMatchDto {
  photoId: number;
  matchedPhotoId: number;
  /** Hamming distance of the two perceptual hashes (0 = the same picture). */
  distance: number;
  matchedOwnerUserId: number;
  matchedReportId: number | null;
  matchedCaseId: number | null;
  /** The matched photo's role: evidence, before, after, resolution, feedback… */
  matchedRole: string | null;
}

/** The evidence of a REUSED_PHOTO signal: its closest matches, at most ten. */
export interface ReusedPhotoEvidence {
  matches: PhotoMatchDto[];
}

export interface RewardAdminDto extends RewardDto {
  campaignId: number;
  campaignName: string;
  categoryCode: string;
  holdReasons: FraudSignalDto[] | null;
  batchId: number | null;
  attempt: number;
  outBillNo: string | null;
  billState: string | null;
  userDisplayName: string;
  /** Masked unless the viewer is an auditor. */
  openid: string | null;
  phone: string | null;
}

export interface PayoutBatchDto {
  id: number;
  status: 'proposed' | 'approved';
  totalFen: number;
  rewardIds: number[];
  proposedBy: number;
  proposedByName: string;
  approvals: { userId: number; userName: string; at: IsoDateTime }[];
  approvalsRequired: number;
  /** Rewards of the batch per state. */
  progress: Partial<Record<RewardStatus, number>>;
  createdAt: IsoDateTime;
}

/** One reward of a payout batch (or a candidate for one), with what an auditor needs to judge it. */
export interface PayoutLineDto {
  rewardId: number;
  caseId: number;
  reportId: number;
  userId: number;
  reporterName: string;
  /** Always masked (first and last 4 characters). */
  reporterOpenid: string | null;
  amountFen: number;
  status: RewardStatus;
  categoryCode: string;
  departmentId: number | null;
  departmentName: string | null;
  /** Fraud signals raised on the reward (kept after a release), with their evidence. */
  signals: FraudSignalDto[];
  /** The auditor's note when the reward was released from a hold. */
  reviewNote: string | null;
  createdAt: IsoDateTime;
}

/** A page of lines, with the count (`total`) and the sum of every line the filter matches, not just this page. */
export interface PayoutLinesPage extends Page<PayoutLineDto> {
  totalFen: number;
}

export const LEDGER_KINDS = ['reserved', 'granted', 'held', 'released', 'cancelled', 'paid', 'failed', 'reversed'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntryDto {
  id: number;
  kind: LedgerKind;
  rewardId: number | null;
  campaignId: number;
  amountFen: number;
  /** Campaign budget not yet reserved, after this entry. */
  budgetRemainingFen: number;
  outBillNo: string | null;
  actorUserId: number | null;
  note: string | null;
  createdAt: IsoDateTime;
}

export interface ReconciliationDto {
  date: string;
  campaigns: {
    campaignId: number;
    name: string;
    budgetFen: number;
    reservedFen: number;
    remainingFen: number;
    grantedFen: number;
    paidFen: number;
    /** Σ amounts of SUCCESS bills at WeChat Pay (the simulator in simulator mode). */
    billsSuccessFen: number;
  }[];
  day: { grantedFen: number; paidFen: number; billsSuccessFen: number };
  differences: { kind: string; rewardId?: number; outBillNo?: string; detail: string }[];
  ok: boolean;
}

/** One difference between WeChat Pay's fund-flow bill of a day and the rewards. */
export interface StatementDifferenceDto {
  /** UNKNOWN_OUTFLOW: money left that no reward explains; MISSING_OUTFLOW: a reward paid that day is not in the bill; AMOUNT_MISMATCH; NOT_PAID_YET: WeChat paid, our reward is not marked paid. */
  kind: 'UNKNOWN_OUTFLOW' | 'MISSING_OUTFLOW' | 'AMOUNT_MISMATCH' | 'NOT_PAID_YET';
  rewardId: number | null;
  residentName: string | null;
  outBillNo: string | null;
  wechatBillNo: string | null;
  bookedAt: string | null;
  billFen: number | null;
  rewardFen: number | null;
  detail: string;
}

/** GET /payouts/statements: the kept result of one day's reconciliation against WeChat Pay's fund-flow bill (资金账单). */
export interface StatementReconciliationDto {
  billDate: string;
  /** ok: every outflow matched a reward and every reward paid that day is in the bill; unavailable: the bill could not be had. */
  status: 'ok' | 'differences' | 'unavailable';
  /** SHA1 of the bill file as WeChat Pay stated it (checked on download). */
  sha1: string | null;
  outflowCount: number;
  outflowFen: number;
  matchedCount: number;
  matchedFen: number;
  differences: StatementDifferenceDto[];
  /** Why the bill could not be had (status unavailable). */
  error: string | null;
  checkedAt: string;
}
/** A reward campaign as GET/POST/PATCH /campaigns answer it (docs/domain.md §8). Amounts in fen; caps null = no cap. */
export interface CampaignDto {
  id: number;
  name: string;
  startsAt: IsoDateTime;
  endsAt: IsoDateTime;
  budgetFen: number;
  /** Budget reserved by granted (not cancelled) rewards. */
  reservedFen: number;
  dailyCountCap: number | null;
  dailyAmountCapFen: number | null;
  monthlyCountCap: number | null;
  monthlyAmountCapFen: number | null;
  /** categoryCode → fen, overriding the category's own reward amount. */
  categoryAmounts: Record<string, number> | null;
  snapTrigger: 'accepted' | 'closed';
  mergedDuplicateFen: number;
  /** Batches above this total need two distinct approvers. */
  approvalThresholdFen: number;
  active: boolean;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}
// --- end rewards ---

// --- department KPIs / grid stats / trends ---
/** GET /stats/departments: one department's KPIs over a period (docs/domain.md §7). Rates are 0..1, or null without a denominator. */
export interface DepartmentKpiDto {
  departmentId: number;
  departmentName: string;
  /** Cases dispatched to the department in the period. */
  received: number;
  /** Cases of the department closed in the period. */
  closed: number;
  /** Of those closed, the share closed by their deadline (按期处置率). */
  onTimeRate: number | null;
  /** Of those closed, how many closed on verified evidence (docs/domain.md §14). */
  closedVerified: number;
  /** Share of closures whose evidence is unverified or missing (证据未核实占比). */
  unverifiedRate: number | null;
  /** Open cases of the department past their deadline now (cases the department returned are not counted). */
  overdue: number;
  /** 退单 by the department in the period. */
  returns: number;
  /** 返工 (verify failed, or reopened) in the period. */
  reworks: number;
  /** Resolutions (处置完毕) in the period. */
  resolved: number;
  /** reworks / resolved (返工率). */
  reworkRate: number | null;
  /** Of the cases first dispatched to the department in the period, those never returned nor sent elsewhere (首次派准, docs/domain.md §17). */
  firstTimeRight: number;
  /** firstTimeRight / cases first dispatched to the department in the period (首次派准率). */
  firstTimeRightRate: number | null;
  /** Median hours from dispatch to resolve, of the cases resolved in the period. */
  medianHandlingHours: number | null;
  /** Residents' feedback in the period on the department's cases. */
  feedbackTotal: number;
  feedbackSatisfied: number;
  /** feedbackSatisfied / feedbackTotal (满意率). */
  satisfactionRate: number | null;
}

export interface DepartmentKpisResponse {
  from: IsoDateTime;
  to: IsoDateTime;
  items: DepartmentKpiDto[];
}

/** GET /stats/grids: cases reported in the period, per grid and category (heat map). */
export interface GridStatDto {
  gridId: number | null;
  gridName: string | null;
  categoryCode: string;
  count: number;
}

/** GET /stats/trends: per UTC day. */
export interface TrendPointDto {
  day: string;
  reported: number;
  closed: number;
  /** Cases whose deadline fell on that day and that were not resolved by then. */
  overdue: number;
}
// --- end department KPIs ---

// --- cases workflow ---
/** A row of GET /cases: the §13 case plus what a queue needs. */
export interface CaseListItemDto extends CaseDto {
  departmentName: string | null;
  categoryName: string | null;
  /** Minutes until the deadline (negative when past); null while the clock does not run. */
  timeLeftMinutes: number | null;
  /** Thumbnail of the first evidence photo (staff-signed URL). */
  thumbUrl: string | null;
  description: string | null;
  dispatchedAt: IsoDateTime | null;
  /** The handler holding the case (set by 接单, changed by 改派, cleared by 退单 and 重新派遣). */
  handlerUserId: number | null;
  handlerName: string | null;
  /** The 延期申请 awaiting a dispatcher's decision (what `extension=pending` lists), null when there is none. */
  pendingExtension: CaseExtensionDto | null;
}

export type CaseExtensionStatus = 'pending' | 'approved' | 'refused';

/** 延期申请 (docs/domain.md §7). */
export interface CaseExtensionDto {
  id: number;
  caseId: number;
  hours: number;
  reason: string;
  status: CaseExtensionStatus;
  requestedBy: number;
  requestedByName: string | null;
  decidedBy: number | null;
  decidedByName: string | null;
  decisionNote: string | null;
  decidedAt: IsoDateTime | null;
  /** Deadline before and after an approved extension. */
  deadlineBefore: IsoDateTime | null;
  deadlineAfter: IsoDateTime | null;
  createdAt: IsoDateTime;
}

/** The triage record as staff see it: duplicate candidates with distance and similarity, routing suggestion with its explanation. */
export interface CaseTriageDto {
  serviceArea: { gridId: number | null; gridName?: string | null } | null;
  contentCheck: { text: string; images: string } | null;
  duplicates: {
    caseId: number;
    distanceM: number | null;
    /** Hamming distance of the nearest photo hashes (0 = same picture), when photos matched. */
    photoDistance: number | null;
    /** 0..1, from the photo distance (1 = identical), null without a photo match. */
    similarity: number | null;
    reason: string;
  }[];
  routing: { departmentId: number | null; departmentName: string | null; explanation: string; rule: string } | null;
}

export type CaseEscalationStep = 'reminder' | 'overdue' | 'circular';

export interface CaseEscalationDto {
  step: CaseEscalationStep;
  deadlineAt: IsoDateTime;
  at: IsoDateTime;
}

/** GET /cases/:id for staff. */
export interface CaseStaffDetailDto extends CaseDetailDto {
  departmentName: string | null;
  categoryName: string | null;
  timeLeftMinutes: number | null;
  slaHours: number;
  dispatchedAt: IsoDateTime | null;
  resolvedAt: IsoDateTime | null;
  closedAt: IsoDateTime | null;
  masterCaseId: number | null;
  flagged: boolean;
  /** Photos by role: evidence / before / after (reporters'), resolution (the handler's). */
  photosByRole: { evidence: PhotoDto[]; before: PhotoDto[]; after: PhotoDto[]; resolution: PhotoDto[]; verification: PhotoDto[] };
  triage: CaseTriageDto;
  extensions: CaseExtensionDto[];
  escalations: CaseEscalationDto[];
  /** True when the caller may ask for an extension now; `decideExtension` when they may decide the pending one. */
  canRequestExtension: boolean;
  canDecideExtension: boolean;
  /** Residents' pending "没有解决" on this case: a dispatcher reopens (POST /reopen) or declines (POST /reopen/decline). */
  reopenRequests: ReopenRequestDto[];
  /** The handler holding the case and whether the caller may 改派 it now (POST /cases/:id/reassign). */
  handlerUserId: number | null;
  handlerName: string | null;
  canReassign: boolean;
  /** Evidence of the latest resolve (or of the pickup report); null before any (docs/domain.md §14). */
  evidence: EvidenceDto | null;
  /** The latest verification (核查) since that resolve; null before any. */
  verification: VerificationDto | null;
}

/** GET /cases/:id/handlers: the active handlers of the case's department, for 改派. */
export interface CaseHandlerOptionDto {
  id: number;
  displayName: string;
}

/** GET /cases/circular-list: cases that reached twice their SLA (爱卫办 通报). */
/**
 * GET /cases: a page of the staff case list. `after` / `before` (the `next` / `prev` of a page) page by the sort key,
 * as deep as the list goes at the cost of the first page; `page` pages by offset (kept for older clients).
 */
export interface CaseListPage {
  items: CaseListItemDto[];
  /**
   * Cases matching the filters, counted up to a cap: with `totalCapped` there are more than `total`. With the search
   * box's common words the count judges a bounded number of cases, and `total` is then a lower bound below the matches
   * it found.
   */
  total: number;
  /** True when the count stopped at its cap or its rows: show "more than `total`". */
  totalCapped: boolean;
  /** The offset page asked for; null when the page was asked for with `after` / `before`. */
  page: number | null;
  pageSize: number;
  /** Cursor of the page after this one (send as `after`), null on the last page. */
  next: string | null;
  /** Cursor of the page before this one (send as `before`), null on the first page. */
  prev: string | null;
}

export interface CircularCaseDto extends CaseListItemDto {
  circularAt: IsoDateTime;
  overdueMinutes: number;
}
// --- end cases workflow ---

// --- staff binding / evidence ---
/** Where a photo came from on the phone: taken with the camera now, or picked from the album. */
export type CaptureSource = 'camera' | 'album';

/** Capture facts the client declared with an upload (GCJ-02); nulls where unknown. */
export interface CaptureFactsDto {
  lat: number | null;
  lng: number | null;
  at: IsoDateTime | null;
  source: CaptureSource | null;
  accuracyM: number | null;
}

export type EvidenceCheckCode = 'ON_SITE' | 'FRESH' | 'NEW_PICTURE' | 'CAMERA' | 'EXIF_AGREES';

/** `pass`: the fact is known and good; `fail`: known and bad; `unknown`: the fact is missing (evidence unverified). */
export type EvidenceOutcome = 'pass' | 'fail' | 'unknown';

export interface EvidenceCheckDto {
  code: EvidenceCheckCode;
  /** True only for `pass`. */
  ok: boolean;
  outcome: EvidenceOutcome;
  /** One plain-Chinese sentence. */
  detail: string;
}

/** Evidence of one resolve / pickup / finding: verified only when every check passed. */
export interface EvidenceDto {
  verified: boolean;
  checks: EvidenceCheckDto[];
  /** When the checks ran (the resolve). */
  at: IsoDateTime;
  /** The after-photos the checks looked at. */
  photoIds: number[];
}

/**
 * One verification (核查) of a resolved case: on site with the verifier's own photos and their evidence checks
 * (现场核查), or at the desk without photos (案头核查, `evidence` null).
 */
export interface VerificationDto {
  passed: boolean;
  onSite: boolean;
  at: IsoDateTime;
  evidence: EvidenceDto | null;
}

/** POST /staff-bind-codes: the one-time code, shown once. */
export interface StaffBindCodeDto {
  userId: number;
  code: string;
  expiresAt: IsoDateTime;
}

/** A staff account's active WeChat binding (GET /staff-wechat-bindings). */
export interface StaffWechatBindingDto {
  userId: number;
  boundAt: IsoDateTime;
}
// --- end staff binding / evidence ---
/** GET /geo/where: where is this pin (docs/domain.md §15). */
export interface GeoWhereDto {
  inServiceArea: boolean;
  gridId: number | null;
  gridName: string | null;
  /** null when reverse geocoding failed or was slow. */
  address: string | null;
  landmark: string | null;
}

/** A street-map tile source: GCJ-02 raster tiles in web-mercator {z}/{x}/{y} numbering (AMap, Tencent). */
export interface MapTilesDto {
  /** e.g. `https://webrd0{s}.is.autonavi.com/appmaptile?…&x={x}&y={y}&z={z}`; `{-y}` for TMS rows. */
  urlTemplate: string;
  /** Shown in the map's corner, e.g. "© 高德地图". */
  attribution: string;
  /** The letters or digits that replace `{s}`, one per tile host. */
  subdomains: string;
  maxZoom: number;
}

/** GET /geo/map-config: the street-map tiles the H5 build and the admin panel draw (null: draw the grids only). */
export interface MapConfigDto {
  tiles: MapTilesDto | null;
}

/** POST /cases/:id/me-too. */
export interface MeTooResultDto {
  caseId: number;
  meTooCount: number;
  /** false when this resident had already said 我也遇到 for the case. */
  created: boolean;
}

/** GET /me-too/mine: a case the resident follows after saying 我也遇到. */
export interface FollowedCaseDto {
  caseId: number;
  categoryCode: string;
  categoryName: string;
  status: CaseStatus;
  statusText: string;
  address: string | null;
  meTooCount: number;
  thumbUrl: string | null;
  followedAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface FollowedCaseDetailDto extends FollowedCaseDto {
  description: string | null;
  departmentName: string | null;
  timeline: TimelineEventDto[];
}

/** Dispatch quality of one department (where routing sent the case first) or one category (docs/domain.md §17). */
export interface DispatchQualityRowDto {
  /** Department id or category code. */
  key: string;
  name: string;
  dispatched: number;
  firstTimeRight: number;
  firstTimeRightRate: number | null;
  handoffsPerCase: number | null;
  suggestionTakenRate: number | null;
}

/** `GET /stats/dispatch-quality?from=&to=`: cases first dispatched in the period, from their timelines. */
export interface DispatchQualityDto {
  from: IsoDateTime;
  to: IsoDateTime;
  dispatched: number;
  firstTimeRight: number;
  firstTimeRightRate: number | null;
  /** Dispatches per case (1 = every case went to one department once). */
  handoffsPerCase: number | null;
  suggestionTakenRate: number | null;
  byDepartment: DispatchQualityRowDto[];
  byCategory: DispatchQualityRowDto[];
  /** Cases that were not first-time-right (newest first, at most 100), to open one click away. */
  wrongCases: { caseId: number; categoryCode: string; firstDepartmentId: number; dispatches: number; returns: number }[];
}

import type { AuditAnchorDto, LatLng, PhotoDto } from '../types';

/** The city's evaluation regime (docs/domain.md §16): covert (暗访) and open (明查) rounds scored on 1,000 points. */
export const ROUND_KINDS = ['covert', 'open'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];
export const ROUND_KIND_LABELS: Record<RoundKind, string> = { covert: '暗访', open: '明查' };

export const ROUND_STATUSES = ['draft', 'published'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = { draft: '检查中', published: '已发布' };

/** The full score of an area for a round, a month or a quarter. */
export const FULL_SCORE = 1000;

export interface EvaluationWeights {
  covert: number;
  open: number;
  digital: number;
}
/** The area's own KPIs that make the digital (数字化城管) component. */
export interface DigitalMix {
  onTime: number;
  verified: number;
  satisfaction: number;
}
export const DEFAULT_EVALUATION_WEIGHTS: EvaluationWeights = { covert: 0.4, open: 0.5, digital: 0.1 };
export const DEFAULT_DIGITAL_MIX: DigitalMix = { onTime: 0.5, verified: 0.3, satisfaction: 0.2 };

/** `YYYY-MM` */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface ChecklistItemDto {
  code: string;
  section: string;
  text: string;
  /** Points taken per occurrence. */
  deduction: number;
  /** The most an area can lose on this item in one round. */
  maxDeduction: number;
  /** The case category a finding on this item becomes. */
  categoryCode: string;
}
export interface ChecklistDto {
  version: number;
  items: ChecklistItemDto[];
}
export interface SaveChecklistRequest {
  items: ChecklistItemDto[];
  note?: string;
}

export interface CreateRoundRequest {
  kind: RoundKind;
  name: string;
  month: string;
  areaIds: number[];
  inspectorUserIds?: number[];
}
export interface RoundCreatedDto {
  id: number;
  status: RoundStatus;
}
export interface RoundAreaScoreDto {
  areaId: number;
  areaName: string;
  deduction: number;
  score: number;
  findings: number;
  rank: number;
}
export interface RoundSummaryDto {
  id: number;
  kind: RoundKind;
  name: string;
  month: string;
  status: RoundStatus;
  checklistVersion: number;
  areaIds: number[];
  inspectorUserIds: number[];
  findingCount: number;
  publishedAt: string | null;
  createdAt: string;
}
export interface FindingDto {
  id: number;
  roundId: number;
  areaId: number;
  areaName: string;
  gridId: number | null;
  itemCode: string;
  itemText: string;
  section: string;
  location: LatLng;
  /** Where it is, as people read it: the address of the finding's case, or null before the case has one. */
  address: string | null;
  count: number;
  /** Points this finding took after the item's cap. */
  deduction: number;
  note: string | null;
  photoIds: number[];
  photos: PhotoDto[];
  inspectorUserId: number;
  /** The §14 evidence checks on the photos (null for findings recorded before they existed). */
  evidence: FindingEvidenceDto | null;
  caseId: number | null;
  createdAt: string;
}
export interface FindingEvidenceDto {
  verified: boolean;
  checks: { code: string; ok: boolean; outcome: string; detail: string }[];
}
export interface RoundDetailDto extends RoundSummaryDto {
  areas: RoundAreaScoreDto[];
  findings: FindingDto[];
}
export interface CreateFindingRequest {
  itemCode: string;
  location: LatLng;
  photoIds: number[];
  count?: number;
  note?: string;
}
export interface FindingCreatedDto {
  id: number;
  deduction: number;
  evidence: FindingEvidenceDto;
}
export interface PublishResultDto {
  id: number;
  status: RoundStatus;
  /** Cases opened by this call (0 when the round was already published). */
  casesOpened: number;
}

/** An area's place in a ranking (千分制, 季度评比, 月度简报). */
export interface RankedAreaDto {
  areaId: number;
  areaName: string;
  total: number | null;
  rank: number | null;
  /** First / last place of the ranking. */
  top: boolean;
  bottom: boolean;
}
/** A month's three scores out of 1000 (null without data). */
export interface ComponentScoresDto {
  covert: number | null;
  open: number | null;
  digital: number | null;
}

export interface EvaluationItemDto extends RankedAreaDto, ComponentScoresDto {
  /** Components without data whose weight went to the others (said in the result, docs/domain.md §16). */
  missing: ('covert' | 'open' | 'digital')[];
  /** What the figures were computed from, so each can be recomputed. */
  inputs: EvaluationInputsDto;
}
export interface EvaluationInputsDto {
  covertRounds: { roundId: number; name: string; score: number }[];
  openRounds: { roundId: number; name: string; score: number }[];
  kpis: {
    closed: number;
    closedOnTime: number;
    closedWithEvidence: number;
    feedback: number;
    satisfied: number;
    onTimeRate: number | null;
    verifiedRate: number | null;
    satisfactionRate: number | null;
  };
}
export interface EvaluationsDto {
  month: string;
  weights: EvaluationWeights;
  digitalMix: DigitalMix;
  items: EvaluationItemDto[];
  /** A sentence for each reweighting, in Chinese. */
  notes: string[];
  /** Set once the month's results are published: the figures are then the stored ones and no longer move. */
  published: EvaluationPublicationDto | null;
}
export interface EvaluationPublicationDto {
  at: string;
  byUserId: number;
}
export interface MonthPublishedDto {
  month: string;
  published: EvaluationPublicationDto;
}
export interface EvaluationSettingsDto {
  weights: EvaluationWeights;
  digitalMix: DigitalMix;
  leaderWeight: number;
}
export interface QuarterItemDto extends RankedAreaDto {
  /** The three months' totals (null where a month has no data); a published month's total is its stored one. */
  months: (number | null)[];
  /** Mean of the months with a total (null when none has). */
  monthsMean: number | null;
  /** The leader score (领导评价) entered for this quarter, or null. */
  leader: number | null;
  /** monthsMean mixed with the leader score at `leaderWeight` (the months alone when either is missing or the weight is 0). */
  total: number | null;
}
export interface QuarterEvaluationsDto {
  quarter: string;
  months: string[];
  /** Share of the leader score in the quarter's total (admins set it with the weights; 0 = not used). */
  leaderWeight: number;
  items: QuarterItemDto[];
}

/** `YYYY-Qn` */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

/** 领导评价: a leader's score of an area for a quarter on the 1,000-point scale, entered by an admin (docs/domain.md §16). */
export interface LeaderScoreDto {
  areaId: number;
  areaName: string;
  score: number;
  note: string | null;
  enteredByUserId: number;
  updatedAt: string;
}
export interface LeaderScoresDto {
  quarter: string;
  leaderWeight: number;
  items: LeaderScoreDto[];
}
export interface SaveLeaderScoresRequest {
  /** Scores to set; `score: null` removes an area's score. Areas not listed keep theirs. A null or absent note means no note. */
  items: { areaId: number; score: number | null; note?: string | null }[];
}

/** 督办通知 (docs/domain.md §16): a department is told to rectify a round's findings by a deadline and answers with its 整改回复. */
export const SUPERVISION_STATES = ['awaiting_reply', 'overdue', 'replied', 'closed'] as const;
export type SupervisionState = (typeof SUPERVISION_STATES)[number];
export const SUPERVISION_STATE_LABELS: Record<SupervisionState, string> = {
  awaiting_reply: '待回复',
  overdue: '逾期未回复',
  replied: '已回复，整改中',
  closed: '已办结',
};
export const SUPERVISION_ESCALATION_STEPS = ['overdue', 'circular'] as const;
export type SupervisionEscalationStep = (typeof SUPERVISION_ESCALATION_STEPS)[number];
export const SUPERVISION_ESCALATION_LABELS: Record<SupervisionEscalationStep, string> = {
  overdue: '逾期未回复，已通知部门负责人',
  circular: '超过两倍回复期限，已列入爱卫办通报',
};

export interface IssueSupervisionRequest {
  /** Reply by the end of this day (China time), YYYY-MM-DD. */
  deadline: string;
  requirement?: string;
}
export interface SupervisionNoticeSummaryDto {
  id: number;
  roundId: number;
  roundName: string;
  departmentId: number;
  departmentName: string;
  title: string;
  deadline: string;
  state: SupervisionState;
  caseCount: number;
  closedCaseCount: number;
  escalations: { step: SupervisionEscalationStep; at: string }[];
  repliedAt: string | null;
  createdAt: string;
}
export interface SupervisionReplyDto {
  id: number;
  userId: number;
  userName: string;
  text: string;
  photos: PhotoDto[];
  createdAt: string;
}
export interface SupervisionNoticeDto extends SupervisionNoticeSummaryDto {
  requirement: string | null;
  cases: { id: number; status: string; categoryCode: string; address: string | null; deadline: string | null; closed: boolean }[];
  replies: SupervisionReplyDto[];
}
export interface IssueSupervisionResultDto {
  /** Notices created by this call; departments that already had one for the round are skipped. */
  created: SupervisionNoticeSummaryDto[];
}
export interface SupervisionReplyRequest {
  text: string;
  photoIds?: number[];
}

/** A row of the 简报's ranking: the month's scores beside last month's total. */
export interface BriefingRankingRowDto extends RankedAreaDto, ComponentScoresDto {
  /** The area's total the month before (null without data) and the change. */
  previousTotal: number | null;
  change: number | null;
}

/** 月度简报 (docs/domain.md §16): the month's inspections, ranking with the change on the month before, top problems and 督办. */
export interface BriefingDto {
  month: string;
  title: string;
  /** The month's results are published (frozen) or still live. */
  published: EvaluationPublicationDto | null;
  overview: {
    covertRounds: number;
    openRounds: number;
    findings: number;
    deduction: number;
    casesOpened: number;
    casesClosed: number;
  };
  ranking: BriefingRankingRowDto[];
  /** The checklist items found most often this month (by occurrences, then deduction), at most five. */
  topProblems: { itemCode: string; section: string; text: string; occurrences: number; findings: number; deduction: number }[];
  /** Deductions per checklist section, largest first. */
  sections: { section: string; findings: number; deduction: number }[];
  supervision: { issued: number; awaitingReply: number; overdue: number; replied: number; closed: number };
  notes: string[];
  /** The audit chain's latest anchor, printed on the briefing so the head is kept on paper too (docs/domain.md §9). */
  auditAnchor: AuditAnchorDto | null;
  /** 重点监控点位 in the ranked areas during the month. */
  monitoring: DocumentMonitoringDto;
}

/**
 * 重点监控点位 (docs/domain.md §16): a spot (within its category's duplicate radius) that keeps relapsing — three or
 * more cases of one category in 90 days, or a finding of the same category in two consecutive rounds — listed for
 * inspectors to revisit until it has stayed clean for 60 China days.
 */
export const MONITORING_CASE_THRESHOLD = 3;
export const MONITORING_WINDOW_DAYS = 90;
export const MONITORING_CLEAN_DAYS = 60;
export const MONITORING_REASONS = ['repeated_cases', 'repeated_findings'] as const;
export type MonitoringReason = (typeof MONITORING_REASONS)[number];
export const MONITORING_REASON_LABELS: Record<MonitoringReason, string> = {
  repeated_cases: `${MONITORING_WINDOW_DAYS} 天内同类问题 ${MONITORING_CASE_THRESHOLD} 件以上`,
  repeated_findings: '连续两轮检查发现同类问题',
};
export interface MonitoringEventDto {
  kind: 'case' | 'finding';
  /** The case id, or the finding id. */
  id: number;
  /** The round of a finding. */
  roundId: number | null;
  at: string;
}
export interface MonitoringPointDto {
  /** Stable while the point is listed: the category and the event the spot is centred on. */
  key: string;
  categoryCode: string;
  categoryName: string;
  lat: number;
  lng: number;
  /** The district (or the inspected area of a finding) the spot lies in, and its grid. */
  areaId: number | null;
  areaName: string | null;
  gridId: number | null;
  gridName: string | null;
  address: string | null;
  reason: MonitoringReason;
  reasonText: string;
  /** When the spot became a monitoring point (the event that met the rule). */
  since: string;
  lastEventAt: string;
  /** Whole China days since the last case or finding there (the day of the event not counted). */
  cleanDays: number;
  /** The China day it leaves the list if nothing new happens there (after 60 clean days). */
  clearsOn: string;
  caseCount: number;
  findingCount: number;
  /** The cases and findings at the spot since it was listed and in the window before, newest first. */
  events: MonitoringEventDto[];
}
/** How a point stands in a document's period: listed in it (newly, or still), or cleared in it. */
export const MONITORING_CHANGES = ['new', 'listed', 'cleared'] as const;
export type MonitoringChange = (typeof MONITORING_CHANGES)[number];
export const MONITORING_CHANGE_LABELS: Record<MonitoringChange, string> = {
  new: '本期新增',
  listed: '继续监控',
  cleared: '本期移出',
};
export interface DocumentMonitoringPointDto {
  key: string;
  change: MonitoringChange;
  areaId: number | null;
  areaName: string | null;
  gridName: string | null;
  address: string | null;
  categoryCode: string;
  categoryName: string;
  reason: MonitoringReason;
  reasonText: string;
  since: string;
  lastEventAt: string;
  /** Whole clean China days at the document's date (for a cleared point: at the day it left). */
  cleanDays: number;
  clearsOn: string;
  /** The China day it left the list (cleared points only). */
  clearedOn: string | null;
  caseCount: number;
  findingCount: number;
}
/**
 * The 重点监控点位 section of a 简报 or 督查通报 (docs/domain.md §16): the points in the document's areas from `from`
 * to `asOf`. Stored when the month or round is published, so a published document keeps saying what it said.
 */
export interface DocumentMonitoringDto {
  from: string;
  asOf: string;
  /** Read from what was stored at publication (true), or computed now for a document not yet published. */
  stored: boolean;
  items: DocumentMonitoringPointDto[];
}
export interface MonitoringPointsDto {
  asOf: string;
  rules: { caseThreshold: number; windowDays: number; cleanDays: number };
  items: MonitoringPointDto[];
}

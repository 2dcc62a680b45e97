import type { RejectReason } from '../workflow/case-status';
import type { CaseStatus } from '../workflow/case-status';
import type { ReportKind } from '../constants/reports';
import type { LatLng, UserDto } from '../types';
import type { Role } from '../constants/roles';

/** Request and response shapes of the HTTP contract (docs/domain.md §13). Paths are under `/api/v1`. */
export const API_PREFIX = '/api/v1';

export interface WechatLoginRequest {
  code: string;
  /** One-time staff bind code (docs/domain.md §14): binds this WeChat user to the staff account and answers its token. */
  bindCode?: string;
}

export interface CreateStaffBindCodeRequest {
  userId: number;
}
export interface StaffLoginRequest {
  username: string;
  password: string;
}
export interface LoginResponse {
  token: string;
  user: UserDto;
}

export interface CreateReportRequest {
  kind: ReportKind;
  categoryCode: string;
  description?: string;
  location: LatLng;
  photoIds: number[];
  afterPhotoIds?: number[];
  clientRequestId: string;
  /** Where the phone was, if different from the pin (fraud signal input). */
  deviceLocation?: LatLng;
  /** Accuracy of the device location in metres. */
  locationAccuracyM?: number;
}

export interface FeedbackRequest {
  satisfied: boolean;
  comment?: string;
  photoIds?: number[];
}

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

export interface CaseListQuery extends PageQuery {
  status?: CaseStatus;
  departmentId?: number;
  categoryCode?: string;
  overdue?: boolean;
}

export interface RejectCaseRequest {
  reason: RejectReason;
  note?: string;
}
export interface MergeCaseRequest {
  masterCaseId: number;
}
export interface DispatchCaseRequest {
  departmentId?: number;
}
export interface ReturnCaseRequest {
  reason: string;
}
/** 改派: a department manager (or dispatcher/admin) hands an in-progress case to another handler of its department. */
export interface ReassignCaseRequest {
  handlerUserId: number;
  note?: string;
}
export interface ResolveCaseRequest {
  note?: string;
  photoIds: number[];
  location?: LatLng;
}
export interface VerifyCaseRequest {
  passed: boolean;
  note?: string;
  /** On-site verification (现场核查): the verifier's own photos, taken with capture facts; none for desk verification (案头核查). */
  photoIds?: number[];
}
export interface ExtensionRequest {
  hours: number;
  reason: string;
}
export interface ExtensionDecision {
  approved: boolean;
  note?: string;
}

export interface ClaimRewardResponse {
  mchId: string;
  appId: string;
  package: string;
  outBillNo: string;
}

/** Which rewards a batch's lines (or the proposer's candidates) are narrowed to; every field optional. */
export interface PayoutLineFilter {
  departmentId?: number;
  categoryCode?: string;
  minFen?: number;
  maxFen?: number;
  /** A fraud signal code (e.g. REWARD_BURST), or `any` for lines with at least one signal, `none` for lines without. */
  signal?: string;
  /** Part of the reporter's name, or their full openid. */
  reporter?: string;
  /** Earned from this day to that day, both included (YYYY-MM-DD, days in China). */
  from?: string;
  to?: string;
}

export interface ProposeBatchRequest extends PayoutLineFilter {
  /** Exactly these cleared rewards; otherwise every cleared reward matching the filter. */
  rewardIds?: number[];
  /** What the proposer saw: refused with BATCH_SELECTION_CHANGED if the selection no longer adds up to it. */
  expectedCount?: number;
  expectedTotalFen?: number;
}
export interface PayoutBatchResponse {
  id: number;
  totalFen: number;
  rewardIds: number[];
}

// --- auth / users / notifications ---
export interface CreateStaffRequest {
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
  departmentId?: number | null;
  phone?: string;
  /** WeCom (企业微信) member UserID for pushed notices. */
  wecomUserId?: string;
}

/** Fields an admin may change; `password` resets it. */
export interface UpdateUserRequest {
  roles?: Role[];
  departmentId?: number | null;
  active?: boolean;
  displayName?: string;
  password?: string;
  /** WeCom (企业微信) member UserID for pushed notices; null clears it. */
  wecomUserId?: string | null;
}

export interface UserListQuery extends PageQuery {
  kind?: 'resident' | 'staff';
  role?: Role;
  departmentId?: number;
  /** Matches username or display name. */
  q?: string;
}

/** After wx.requestSubscribeMessage succeeded: the template ids the resident accepted (one message each). */
export interface SubscriptionGrantRequest {
  templateIds: string[];
}
export interface SubscriptionGrantResponse {
  /** Remaining one-time grants per template id, after this request. */
  granted: Record<string, number>;
}
// --- end auth ---

// --- cases workflow ---
export type CaseListSort =
  'deadline' | '-deadline' | 'createdAt' | '-createdAt' | 'updatedAt' | '-updatedAt' | 'meTooCount' | '-meTooCount';

/** GET /cases: `status` is one status or a comma list; `from`/`to` bound createdAt (ISO); `q` is a case id. */
export interface CaseListFilter extends PageQuery {
  status?: string;
  departmentId?: number;
  categoryCode?: string;
  overdue?: boolean;
  gridId?: number;
  q?: string;
  from?: string;
  to?: string;
  sort?: CaseListSort;
  /** `pending`: only cases with an extension request (延期申请) awaiting a dispatcher's decision. */
  extension?: CaseListExtensionFilter;
  /** `me`: only cases the caller holds as handler (我负责的). */
  assignedTo?: CaseListAssignedFilter;
  /** The page after this cursor (a page's `next`); instead of `page`. */
  after?: string;
  /** The page before this cursor (a page's `prev`); instead of `page`. */
  before?: string;
}

/** Values of the `extension` filter of GET /cases. */
export const CASE_LIST_EXTENSION_FILTERS = ['pending'] as const;
export type CaseListExtensionFilter = (typeof CASE_LIST_EXTENSION_FILTERS)[number];

/** Values of the `assignedTo` filter of GET /cases. */
export const CASE_LIST_ASSIGNED_FILTERS = ['me'] as const;
export type CaseListAssignedFilter = (typeof CASE_LIST_ASSIGNED_FILTERS)[number];

/** Every case action may carry the version the caller's screen shows; a different current version → 409 CASE_VERSION_CONFLICT. */
export interface CaseActionRequest {
  expectedVersion?: number;
  note?: string;
}
// --- end cases workflow ---

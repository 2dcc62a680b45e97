import type { CaseExtensionDto, CaseListItemDto, CaseListPage } from '@sansui/shared';
import { flag, latLngSchema, listOf, number, numberOrNull, objectOf, orNull, text, textOrNull } from '../../common/http/answer-schema';

const extensionSchema = objectOf<CaseExtensionDto>({
  id: number,
  caseId: number,
  hours: number,
  reason: text,
  status: text,
  requestedBy: number,
  requestedByName: textOrNull,
  decidedBy: numberOrNull,
  decidedByName: textOrNull,
  decisionNote: textOrNull,
  decidedAt: textOrNull,
  deadlineBefore: textOrNull,
  deadlineAfter: textOrNull,
  createdAt: text,
});

/** A row of the staff case list, keys in the order CaseQueryService.items writes them. */
const itemSchema = objectOf<CaseListItemDto>({
  id: number,
  status: text,
  kind: text,
  categoryCode: text,
  departmentId: numberOrNull,
  deadline: textOrNull,
  location: latLngSchema,
  address: textOrNull,
  meTooCount: number,
  reportIds: listOf(number),
  gridId: numberOrNull,
  source: text,
  overdue: flag,
  createdAt: text,
  updatedAt: text,
  version: number,
  departmentName: textOrNull,
  categoryName: textOrNull,
  timeLeftMinutes: numberOrNull,
  thumbUrl: textOrNull,
  description: textOrNull,
  dispatchedAt: textOrNull,
  handlerUserId: numberOrNull,
  handlerName: textOrNull,
  pendingExtension: orNull(extensionSchema),
});

/** GET /cases (派遣看板, 部门工单). */
export const caseListPageSchema = objectOf<CaseListPage>({
  items: listOf(itemSchema),
  total: number,
  totalCapped: flag,
  page: numberOrNull,
  pageSize: number,
  next: textOrNull,
  prev: textOrNull,
});

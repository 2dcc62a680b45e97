import type { Page, PhotoDto, ReportDto } from '@sansui/shared';
import { flag, latLngSchema, listOf, number, objectOf, text, textOrNull } from '../../common/http/answer-schema';

const photoSchema = objectOf<PhotoDto>({ id: number, url: text, thumbUrl: text, width: number, height: number, hidden: flag });

/** A report in its owner's list, keys in the order ReportViewService writes them. */
const reportSchema = objectOf<ReportDto>({
  id: number,
  caseId: number,
  kind: text,
  source: text,
  categoryCode: text,
  description: textOrNull,
  location: latLngSchema,
  coordSystem: text,
  address: textOrNull,
  status: text,
  statusText: text,
  photos: listOf(photoSchema),
  afterPhotos: listOf(photoSchema),
  contentCheck: text,
  createdAt: text,
  clientRequestId: text,
});

/** GET /reports/mine. */
export const reportPageSchema = objectOf<Page<ReportDto>>({ items: listOf(reportSchema), total: number, page: number, pageSize: number });

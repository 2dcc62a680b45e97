import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CASE_STATUS_RESIDENT_LABELS,
  DEPARTMENT_TYPE_LABELS,
  type NearbyReportDto,
  type Page,
  type ReportDetailDto,
  type ReportDto,
  cellsCovering,
  coarsen,
  distanceM,
} from '@sansui/shared';
import { DataSource, EntityNotFoundError } from 'typeorm';
import type { CaseEvent } from '../cases/case-event.entity';
import { CaseReads } from '../cases/case-reads';
import { Case } from '../cases/case.entity';
import type { Answer } from '../database/answer-cache';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { CategoriesService } from '../categories/categories.service';
import { DepartmentsService } from '../departments/departments.service';
import type { Photo } from '../uploads/photo.entity';
import type { PageQueryDto } from '../common/dto/page-query.dto';
import type { NearbyQueryDto } from './dto/report-queries.dto';
import { ReportPhotos } from './report-photos';
import { Report } from './report.entity';
import { ReportRepository, type OwnReportRow } from './report.repository';
import { reportIdsByCase } from './report-ids';
import { residentTimeline } from './resident-timeline';

const NEARBY_DAYS = 30;
const NEARBY_MAX = 200;
/** Cases still being worked, which a resident can join with 我也遇到. */
const NEARBY_OPEN: Case['status'][] = ['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved'];
/** Above this many (category × cell) index ranges, the lookup scans the box instead. */
const NEARBY_MAX_INDEX_RANGES = 6000;

/**
 * Read side of reports for their owners (and staff): my reports, report detail with the resident
 * timeline, and the public "nearby" map. A merged report follows its master case: status, timeline
 * and feedback refer to the case being worked.
 */
@Injectable()
export class ReportViewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly photos: ReportPhotos,
    private readonly reportRows: ReportRepository,
    private readonly cases: CaseReads,
    private readonly categories: CategoriesService,
    private readonly departments: DepartmentsService,
  ) {}

  /** GET /reports/mine: one lean statement (the page with its cases' status, the count and the photos; past the end, the count apart). */
  async mine(user: AuthUser, q: PageQueryDto): Promise<Page<ReportDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await this.reportRows.pageOfOwner(user.id, (page - 1) * pageSize, pageSize);
    const items = rows.map((r) =>
      this.baseDto(
        r,
        r.status,
        r.photos.filter((p) => p.role !== 'after' && p.role !== 'feedback').map((p) => this.photos.dto(p, true)),
        r.photos.filter((p) => p.role === 'after').map((p) => this.photos.dto(p, true)),
      ),
    );
    return { items, total, page, pageSize };
  }

  /** GET /reports/mine as an answer kept across requests (AnswerCache): true until its photo links' hour ends. */
  async mineAnswer(user: AuthUser, q: PageQueryDto, now: Date): Promise<Answer<Page<ReportDto>>> {
    return { value: await this.mine(user, q), validUntil: this.photos.linksSameUntil(now.getTime()) };
  }

  /** GET /reports/:id — the owner, or staff; anyone else gets 404 (the report's existence is not revealed). */
  async detail(id: number, viewer: AuthUser): Promise<ReportDetailDto> {
    const report = await this.db.getRepository(Report).findOne({ where: { id } });
    if (!report || (report.userId !== viewer.id && viewer.kind !== 'staff')) throw new AppException('REPORT_NOT_FOUND');
    return this.build(report, report.userId === viewer.id, viewer.kind !== 'staff');
  }

  async detailForOwner(id: number, userId: number): Promise<ReportDetailDto> {
    const report = await this.db.getRepository(Report).findOneOrFail({ where: { id, userId } });
    return this.build(report, true, true);
  }

  /**
   * The owner's detail of a report intake has just written, from the rows it wrote (no query): the same
   * answer as `detailForOwner` for a new case that was not merged (one 'submit' event, no department,
   * no feedback). Intake falls back to `detailForOwner` when the case was merged on arrival.
   */
  freshForOwner(
    report: Report,
    own: Case,
    submit: CaseEvent,
    photos: readonly Pick<Photo, 'id' | 'role' | 'contentCheck' | 'width' | 'height'>[],
  ): ReportDetailDto {
    const dtos = new Map(photos.map((p) => [p.id, this.photos.dto(p, true)]));
    const pick = (ids: readonly number[]) => ids.flatMap((id) => (dtos.has(id) ? [dtos.get(id)!] : []));
    const sorted = [...photos].sort((a, b) => a.id - b.id);
    const dto = this.baseDto(
      report,
      own.status,
      pick(sorted.filter((p) => p.role !== 'after' && p.role !== 'feedback').map((p) => p.id)),
      pick(sorted.filter((p) => p.role === 'after').map((p) => p.id)),
    );
    const timeline = residentTimeline([submit], { ownCaseId: own.id, departmentLabel: '责任部门', departmentLabelOf: () => null }, (e) =>
      pick(e.photoIds ?? []),
    );
    return { ...dto, timeline, departmentName: null, resolutionPhotos: [], canGiveFeedback: false, feedback: null };
  }

  /** Public map of recent reports: last 30 days, ≤ 200, locations rounded to ~100 m, no personal data. */
  async nearby(q: NearbyQueryDto): Promise<NearbyReportDto[]> {
    const radius = q.radiusM ?? 1000;
    const dLat = radius / 111_320;
    const dLng = radius / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
    const since = new Date(Date.now() - NEARBY_DAYS * 86400_000);
    const box = { minLat: q.lat - dLat, maxLat: q.lat + dLat, minLng: q.lng - dLng, maxLng: q.lng + dLng };
    // Small areas go through the index cases(categoryCode, cellKey, createdAt): every category × the cells covering the box.
    const cells = cellsCovering(box);
    const codes = [...(await this.categories.names()).keys()];
    const shown = await this.cases.shownNear({
      since,
      box,
      cells: codes.length > 0 && cells.length * codes.length <= NEARBY_MAX_INDEX_RANGES ? { codes, cells } : null,
      statuses: q.openOnly ? NEARBY_OPEN : undefined,
      take: NEARBY_MAX * 2,
    });
    const rows = shown
      .map((c) => ({ c, d: distanceM(q, c) }))
      .filter(({ d }) => d <= radius)
      // Same category first (the likely duplicate), then nearest.
      .sort((a, b) => Number(b.c.categoryCode === q.categoryCode) - Number(a.c.categoryCode === q.categoryCode) || a.d - b.d)
      .slice(0, NEARBY_MAX);
    const thumbs = (await this.photos.cardsOfCases(rows.map(({ c }) => c.id))).filter((p) => p.contentCheck === 'pass');
    return rows.map(({ c, d }) => {
      const thumb = thumbs.find((p) => p.caseId === c.id);
      return {
        caseId: c.id,
        categoryCode: c.categoryCode,
        status: c.status,
        statusText: CASE_STATUS_RESIDENT_LABELS[c.status],
        location: { lat: coarsen(c.lat), lng: coarsen(c.lng) },
        createdAt: c.createdAt.toISOString(),
        distanceM: Math.round(d / 5) * 5,
        address: c.address,
        thumbUrl: thumb ? this.photos.dto(thumb, true).thumbUrl : null,
        meTooCount: c.meTooCount,
        open: NEARBY_OPEN.includes(c.status),
      };
    });
  }

  /** Report ids standing behind a case: its own reports and those of cases merged into it (for CaseDto.reportIds). */
  async reportIdsOfCase(caseId: number): Promise<number[]> {
    return (await reportIdsByCase(this.db.manager, this.cases, [caseId])).get(caseId) ?? [];
  }

  /** The case a report is worked in: its own, or the master it was merged into (one level). */
  async effectiveCase(report: Pick<Report, 'caseId'>): Promise<{ own: Case; effective: Case }> {
    const own = await this.cases.byId(report.caseId);
    if (!own) throw new EntityNotFoundError(Case, { id: report.caseId });
    let effective = own;
    for (let hops = 0; effective.status === 'merged' && effective.masterCaseId && hops < 5; hops++) {
      const next = await this.cases.byId(effective.masterCaseId);
      if (!next) break;
      effective = next;
    }
    return { own, effective };
  }

  private async toDtos(reports: Report[], forResident: boolean): Promise<ReportDto[]> {
    if (reports.length === 0) return [];
    const cases = await this.cases.byIds(reports.map((r) => r.caseId));
    const masters = await this.cases.byIds(cases.map((c) => c.masterCaseId).filter((x): x is number => x !== null));
    const byId = new Map([...cases, ...masters].map((c) => [c.id, c]));
    const photos = await this.photos.cardsOfReports(reports.map((r) => r.id));
    return reports.map((r) => {
      const own = byId.get(r.caseId);
      const eff = own?.status === 'merged' && own.masterCaseId ? (byId.get(own.masterCaseId) ?? own) : own;
      const mine = photos.filter((p) => p.reportId === r.id);
      return this.baseDto(
        r,
        eff?.status ?? 'submitted',
        mine.filter((p) => p.role !== 'after' && p.role !== 'feedback').map((p) => this.photos.dto(p, forResident)),
        mine.filter((p) => p.role === 'after').map((p) => this.photos.dto(p, forResident)),
      );
    });
  }

  private baseDto(
    r: Omit<OwnReportRow, 'status' | 'photos' | 'createdAt'> & Pick<Report | OwnReportRow, 'createdAt'>,
    status: Case['status'],
    photos: ReportDto['photos'],
    afterPhotos: ReportDto['afterPhotos'],
  ): ReportDto {
    return {
      id: r.id,
      caseId: r.caseId,
      kind: r.kind,
      source: r.source,
      categoryCode: r.categoryCode,
      description: r.description,
      location: { lat: r.lat, lng: r.lng },
      coordSystem: r.coordSystem,
      address: r.address,
      status,
      statusText: CASE_STATUS_RESIDENT_LABELS[status],
      photos,
      afterPhotos,
      contentCheck: r.contentCheck,
      createdAt: typeof r.createdAt === 'string' ? r.createdAt : r.createdAt.toISOString(),
      clientRequestId: r.clientRequestId,
    };
  }

  private async build(report: Report, viewerIsOwner: boolean, forResident: boolean): Promise<ReportDetailDto> {
    const [dto] = await this.toDtos([report], forResident);
    const { own, effective } = await this.effectiveCase(report);
    const caseIds = [...new Set([own.id, effective.id])];
    const events = await this.cases.timelines(caseIds);
    // Events of the master case from before the merge are its own history, not this report's.
    const mergedAt = own.id !== effective.id ? events.find((e) => e.caseId === own.id && e.action === 'merge')?.createdAt : undefined;
    const relevant = events.filter((e) => e.caseId === own.id || !mergedAt || e.createdAt >= mergedAt);
    const deptIds = [effective.departmentId, ...relevant.map((e) => (e.data as { departmentId?: number } | null)?.departmentId)].filter(
      (x): x is number => typeof x === 'number',
    );
    const depts = await this.departments.byIds(deptIds);
    const deptLabel = (id: number | null | undefined) => {
      const d = depts.find((x) => x.id === id);
      return d ? `${DEPARTMENT_TYPE_LABELS[d.type] ?? d.name}部门` : null;
    };
    const allPhotoIds = [...new Set(relevant.flatMap((e) => e.photoIds ?? []))];
    const photoDtos = await this.photos.dtos(allPhotoIds, forResident);
    const photoById = new Map(photoDtos.map((p) => [p.id, p]));
    const timeline = residentTimeline(
      relevant,
      { ownCaseId: own.id, departmentLabel: deptLabel(effective.departmentId) ?? '责任部门', departmentLabelOf: deptLabel },
      (e) => (e.photoIds ?? []).flatMap((id) => (photoById.has(id) ? [photoById.get(id)!] : [])),
    );
    const resolutionPhotoIds = relevant.filter((e) => e.caseId === effective.id && e.action === 'resolve').flatMap((e) => e.photoIds ?? []);
    const [feedback] = await this.cases.feedbackOfReports([report.id]);
    return {
      ...dto,
      timeline,
      departmentName: depts.find((d) => d.id === effective.departmentId)?.name ?? null,
      resolutionPhotos: resolutionPhotoIds.flatMap((id) => (photoById.has(id) ? [photoById.get(id)!] : [])),
      canGiveFeedback: viewerIsOwner && effective.status === 'closed' && !feedback,
      feedback: feedback ? { satisfied: feedback.satisfied, comment: feedback.comment, at: feedback.createdAt.toISOString() } : null,
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  REPORT_LIMITS,
  type CaseActor,
  type EvidenceResult,
  type LatLng,
  type ReportDetailDto,
  type ReportKind,
  type ReportSource,
} from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import type { TriageRecord } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import { hasRole, type AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import type { PlaceDescription } from '../geo/reverse-geocoder';
import { TriageService, type TextVerdict } from '../triage/triage.service';
import { UserRepository } from '../users/user.repository';
import type { CreateReportDto } from './dto/create-report.dto';
import { isUniqueViolation } from '../database/unique-violation';
import { EvidenceService } from '../cases/evidence/evidence.service';
import { ReportPhotos } from './report-photos';
import type { IntakePhoto } from '../uploads/photos.service';
import { ModerationService } from './moderation.service';
import { ReportViewService } from './report-view.service';
import { ImageCheckQueue } from './image-check-queue';
import { AddressFillQueue } from './address-fill-queue';
import { insertRow } from '../database/insert-row';
import { readSqlDate } from '../database/sql-date';
import { cachedCategory } from '../categories/category-catalogue';
import { TableCache } from '../database/table-cache';
import { Report } from './report.entity';
import { directQuery } from '../database/direct-sql';
import { retryOnDeadlock } from '../database/transactions';
import { SubmissionCall, storedTimesStatement, type Written } from './submission-call';
import { SubmissionReads } from './submission-reads';
import type { OpenCaseInput } from '../cases/case-lifecycle.service';

/** What is submitted, whoever submits it (mini-program, hotline intake, Open311). */
export interface SubmitInput {
  kind: ReportKind;
  categoryCode: string;
  description?: string | null;
  location: LatLng;
  photoIds: number[];
  afterPhotoIds?: number[];
  clientRequestId: string;
  deviceLocation?: LatLng | null;
  locationAccuracyM?: number | null;
  contactName?: string | null;
  contactPhone?: string | null;
  externalId?: string | null;
  /** The place in the submitter's own words (Open311 address_string): stored as the address instead of reverse geocoding. */
  address?: string | null;
  /** Extra facts stored with the triage record (e.g. Open311 media_url). */
  triageExtra?: Record<string, unknown>;
}

export interface Submitter {
  userId: number;
  /** The submitter's WeChat openid (content checks); `undefined`: read from the users table when a check needs it. */
  openid: string | null | undefined;
  source: ReportSource;
  actorRole: CaseActor;
  /** Text and photos drawn by the server itself (the demo data): not sent to WeChat's checker, they pass. */
  contentTrusted?: boolean;
}

export interface SubmitResult {
  report: ReportDetailDto;
  /** false when an earlier submission with the same clientRequestId was returned. */
  created: boolean;
}

function isFiniteLatLng(p: LatLng | null | undefined): boolean {
  return !!p && Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}

/**
 * Report intake (docs/domain.md §5, §6, §11): validation, the triage pipeline, and one transaction that
 * writes the report, its case in `submitted`, the `submit` timeline event and the photo attachments.
 * The answer is sent after commit; the same user and clientRequestId always get the first report.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly triage: TriageService,
    private readonly view: ReportViewService,
    private readonly photos: ReportPhotos,
    private readonly evidence: EvidenceService,
    private readonly lifecycle: CaseLifecycle,
    private readonly imageChecks: ImageCheckQueue,
    private readonly addresses: AddressFillQueue,
    private readonly cache: TableCache,
    private readonly moderation: ModerationService,
    private readonly users: UserRepository,
    private readonly oneCall: SubmissionCall,
    private readonly reads: SubmissionReads,
  ) {}

  /** Report ids behind a case, including reports of cases merged into it (CaseDto.reportIds). */
  reportIdsOfCase(caseId: number): Promise<number[]> {
    return this.view.reportIdsOfCase(caseId);
  }

  /** POST /reports: the caller's role decides the source (resident → miniapp, inspector, dispatcher hotline intake). */
  async create(user: AuthUser, dto: CreateReportDto): Promise<SubmitResult> {
    let source: ReportSource = 'miniapp';
    let actorRole: CaseActor = 'resident';
    if (dto.source === 'hotline') {
      if (!hasRole(user, 'dispatcher')) throw new AppException('FORBIDDEN', '只有调度员可以登记热线来电');
      source = 'hotline';
      actorRole = 'dispatcher';
    } else if (hasRole(user, 'inspector')) {
      source = 'inspector';
      actorRole = 'inspector';
    } else if (user.kind === 'staff') {
      actorRole = user.roles[0] ?? 'resident';
    }
    if (source !== 'hotline' && (dto.contactName || dto.contactPhone))
      throw new AppException('VALIDATION_FAILED', '只有热线登记可以填写来电人信息');
    return this.submit({ userId: user.id, openid: undefined, source, actorRole }, dto);
  }

  /** The submitter's openid, read once and only when a content check needs it; `known` says whether it was read. */
  private openidOf(who: Submitter): { read: () => Promise<string | null>; known: () => boolean } {
    let read: Promise<string | null> | undefined;
    return {
      read: () => (read ??= who.openid !== undefined ? Promise.resolve(who.openid) : this.users.openidOf(this.db.manager, who.userId)),
      known: () => read !== undefined,
    };
  }

  /**
   * The statements of a snap report, once the reference data is cached (report-statements.int-spec counts
   * them): the nearby-cases and photo reads of triage, then one transaction of INSERT report, INSERT case,
   * INSERT event, UPDATE report, UPDATE photos and one SELECT of the stored times. A repeated
   * clientRequestId is caught by the unique index, not by a lookup on every submission.
   */
  async submit(who: Submitter, input: SubmitInput): Promise<SubmitResult> {
    if (typeof input.clientRequestId !== 'string' || !REPORT_LIMITS.clientRequestIdPattern.test(input.clientRequestId))
      throw new AppException('CLIENT_REQUEST_ID_INVALID');
    const openid = this.openidOf(who);

    // 1. validation
    const category = await this.validate(who, input);
    // 2. service area
    const area = await this.triage.serviceArea(input.location.lat, input.location.lng);
    // 3. content check (text now, images after the answer)
    // Staff intake (hotline, inspectors) is not machine-checked; residents' and other systems' text is.
    const staffEntered = who.source === 'hotline' || who.source === 'inspector';
    // The address is looked up after the answer (AddressFillQueue), unless the submitter gave it in words.
    const place: PlaceDescription | null = input.address ? { address: input.address, landmark: null } : null;
    const text: TextVerdict = staffEntered
      ? 'skipped'
      : who.contentTrusted
        ? 'pass'
        : !input.description?.trim()
          ? 'skipped'
          : await this.triage.checkText(input.description, await openid.read());
    if (text === 'risky') throw new AppException('CONTENT_RISKY');
    const allPhotoIds = [...input.photoIds, ...(input.afterPhotoIds ?? [])];
    // The photos are read once: their hashes for the similarity check, the rows for attaching and for the image check.
    // 4 + 5. duplicates and routing suggestion (reads only; before the transaction)
    const { photoRows, assessment } = await this.reads.read({
      category,
      lat: input.location.lat,
      lng: input.location.lng,
      gridId: area.gridId,
      photoIds: allPhotoIds,
    });
    // docs/domain.md §14: a pickup's before/after photos are evidence (one spot, after ≠ before, within 24 h).
    const evidence = input.kind === 'pickup' ? await this.pickupEvidence(input) : null;
    const triage: TriageRecord = {
      validation: { ok: true },
      serviceArea: { gridId: area.gridId, gridName: area.gridName ?? null },
      contentCheck: { text, images: allPhotoIds.length ? (who.contentTrusted ? 'pass' : 'pending') : 'none' },
      duplicates: assessment.duplicates,
      routing: assessment.routing,
      ...(input.triageExtra ?? {}),
    };

    const writes = this.writes(who, input, category, area.gridId, text, triage, place);
    // MariaDB: a report that only opens a case is written in one round trip (SubmissionCall); SQLite has no round trips.
    const inOneCall = this.writesInOneCall(
      input,
      writes.contentCheck,
      evidence !== null,
      this.triage.mergesOnArrival(category, assessment.nearest),
    );
    let written: Written;
    try {
      written = inOneCall
        ? await retryOnDeadlock(() =>
            this.oneCall.commit({ report: writes.report, open: writes.open, photoRows, photoIds: input.photoIds, role: 'evidence' }),
          )
        : await this.tx.run(async (em) => {
            const w = await this.commit(em, who, input, category, text, writes, assessment.nearest, photoRows);
            if (evidence) await this.evidence.recordForReport(em, { id: w.report.id, caseId: w.report.caseId }, evidence, who.userId);
            return w;
          });
    } catch (e) {
      // A retry of a submission that went through: its photos are taken (or the unique index fired).
      if (!isUniqueViolation(e) && !(e instanceof AppException && e.code === 'PHOTO_ALREADY_USED')) throw e;
      const first = await this.findByClientRequestId(who.userId, input.clientRequestId);
      if (!first) throw e;
      return { report: await this.view.detailForOwner(first.id, who.userId), created: false };
    }
    if (who.contentTrusted) await this.photos.setContentChecks(this.db.manager, allPhotoIds, 'pass');
    // An openid not read yet is read by the queue, for the reports queued together in one statement.
    else this.imageChecks.enqueue(written.photos, { userId: who.userId, openid: openid.known() ? await openid.read() : who.openid });
    if (!place)
      this.addresses.enqueue({ reportId: written.report.id, caseId: written.case.id, lat: input.location.lat, lng: input.location.lng });
    const report = written.merged
      ? await this.view.detailForOwner(written.report.id, who.userId)
      : this.view.freshForOwner(written.report, written.case, written.submit, written.photos);
    return { report, created: true };
  }

  /** Evidence checks of a pickup's photos; a reused picture (after = before) or photos far from the spot refuse. */
  private async pickupEvidence(input: SubmitInput): Promise<EvidenceResult> {
    const result = await this.evidence.evaluate({
      purpose: 'pickup',
      site: input.location,
      photoIds: input.afterPhotoIds ?? [],
      beforePhotoIds: input.photoIds,
      notBefore: new Date(Date.now() - 24 * 3600_000),
    });
    this.evidence.refuseIfHardFailure(result);
    return result;
  }

  findByClientRequestId(userId: number, clientRequestId: string): Promise<Report | null> {
    return this.db.getRepository(Report).findOne({ where: { userId, clientRequestId } });
  }

  private async validate(who: Submitter, input: SubmitInput): Promise<Category> {
    const category = await cachedCategory(this.cache, this.db, input.categoryCode);
    if (!category) throw new AppException('CATEGORY_UNKNOWN');
    if (!category.enabled) throw new AppException('CATEGORY_DISABLED');
    if (!isFiniteLatLng(input.location)) throw new AppException('LOCATION_INVALID');
    if (input.deviceLocation && !isFiniteLatLng(input.deviceLocation))
      throw new AppException('LOCATION_INVALID', '手机定位坐标无效，请重新定位');
    if ((input.description ?? '').length > REPORT_LIMITS.maxDescriptionLength) throw new AppException('DESCRIPTION_TOO_LONG');
    const before = input.photoIds;
    const after = input.afterPhotoIds ?? [];
    const photosOptional = who.source === 'hotline' || who.source === 'open311';
    if (new Set([...before, ...after]).size !== before.length + after.length)
      throw new AppException('VALIDATION_FAILED', '同一张照片不能重复提交');
    if (input.kind === 'pickup') {
      if (before.length < 1 || after.length < 1) throw new AppException('PICKUP_PHOTOS_REQUIRED');
      if (before.length > REPORT_LIMITS.maxPhotos || after.length > REPORT_LIMITS.maxPhotos) throw new AppException('PHOTO_COUNT_INVALID');
    } else {
      if (after.length > 0) throw new AppException('VALIDATION_FAILED', '随手拍不需要清理后的照片');
      if (before.length > REPORT_LIMITS.maxPhotos || (before.length < REPORT_LIMITS.minPhotos && !photosOptional))
        throw new AppException('PHOTO_COUNT_INVALID');
    }
    return category;
  }

  /** Whether the transaction goes as SubmissionCall's one call: MariaDB, and a report that only opens a case. */
  private writesInOneCall(input: SubmitInput, contentCheck: Report['contentCheck'], evidence: boolean, merges: boolean): boolean {
    return this.tx.isMysql && !evidence && !input.afterPhotoIds?.length && contentCheck !== 'review' && !merges;
  }

  /** The rows a submission writes, before any id is known: the report's columns and the case it opens. */
  private writes(
    who: Submitter,
    input: SubmitInput,
    category: Category,
    gridId: number,
    text: TextVerdict,
    triage: TriageRecord,
    place: PlaceDescription | null,
  ): {
    report: Partial<Report> & Pick<Report, 'userId'>;
    open: Omit<OpenCaseInput, 'primaryReportId'>;
    contentCheck: Report['contentCheck'];
  } {
    const photoCount = input.photoIds.length + (input.afterPhotoIds?.length ?? 0);
    const contentCheck = text === 'review' || text === 'error' ? 'review' : photoCount > 0 && !who.contentTrusted ? 'pending' : 'pass';
    // The report row goes first so that a racing duplicate hits the (userId, clientRequestId) index before anything else.
    const report = {
      userId: who.userId,
      clientRequestId: input.clientRequestId,
      kind: input.kind,
      source: who.source,
      categoryCode: category.code,
      description: input.description?.trim() || null,
      lat: input.location.lat,
      lng: input.location.lng,
      coordSystem: 'gcj02' as const,
      address: place?.address ?? null,
      landmark: place?.landmark ?? null,
      deviceLat: input.deviceLocation?.lat ?? null,
      deviceLng: input.deviceLocation?.lng ?? null,
      locationAccuracyM:
        input.locationAccuracyM === undefined || input.locationAccuracyM === null ? null : Math.round(input.locationAccuracyM),
      caseId: 0,
      gridId,
      contentCheck,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      externalId: input.externalId ?? null,
    } satisfies Partial<Report>;
    const open = {
      kind: input.kind,
      source: who.source,
      categoryCode: category.code,
      slaHours: category.slaHours,
      gridId,
      location: input.location,
      address: place?.address ?? null,
      landmark: place?.landmark ?? null,
      description: input.description?.trim() || null,
      flagged: text === 'review',
      triage,
      actor: { userId: who.userId, role: who.actorRole },
      photoIds: [...input.photoIds, ...(input.afterPhotoIds ?? [])],
      eventData: { reportId: 0, source: who.source },
    };
    return { report, open, contentCheck };
  }

  /** The one transaction of a submission: what it wrote, with the stored times read back in one statement. */
  private async commit(
    em: EntityManager,
    who: Submitter,
    input: SubmitInput,
    category: Category,
    text: TextVerdict,
    writes: ReturnType<ReportsService['writes']>,
    nearest: Parameters<TriageService['autoMerge']>[3],
    photoRows: IntakePhoto[],
  ): Promise<Written> {
    const { report: values, contentCheck } = writes;
    const reportId = await insertRow(em, Report, values);
    const opened = await this.lifecycle.openWithEvent(em, {
      ...writes.open,
      primaryReportId: reportId,
      eventData: { ...writes.open.eventData, reportId },
    });
    const caseRow = opened.case;
    await directQuery(em, 'UPDATE reports SET caseId = ? WHERE id = ?', [caseRow.id, reportId]);
    if (contentCheck === 'review')
      await this.moderation.announce(em, caseRow.id, text === 'error' ? '文字未能自动检测，需要人工复核' : '文字需要人工复核');
    const beforeRole = input.kind === 'pickup' ? 'before' : 'evidence';
    const photos = await this.photos.attachRead(em, photoRows, {
      photoIds: input.photoIds,
      userId: who.userId,
      reportId,
      caseId: caseRow.id,
      role: beforeRole,
    });
    if (input.afterPhotoIds?.length)
      photos.push(
        ...(await this.photos.attachRead(em, photoRows, {
          photoIds: input.afterPhotoIds,
          userId: who.userId,
          reportId,
          caseId: caseRow.id,
          role: 'after',
        })),
      );
    const merged = (await this.triage.autoMerge(em, caseRow, category, nearest)) !== null;
    const times = await this.storedTimes(em, reportId, opened.submit.id);
    const report = Object.assign(new Report(), values, { id: reportId, caseId: caseRow.id, createdAt: times.report });
    return { report, case: caseRow, submit: Object.assign(opened.submit, { createdAt: times.submit }), photos, merged };
  }

  /** createdAt of the new report and of its submit event, as stored (database defaults), in one fixed-text statement. */
  private async storedTimes(em: EntityManager, reportId: number, eventId: number): Promise<{ report: Date; submit: Date }> {
    const read = storedTimesStatement({ sql: '?', params: [reportId] }, { sql: '?', params: [eventId] });
    const [raw] = await directQuery<{ report: Date | string; submit: Date | string }[]>(em, read.sql, read.params);
    return { report: readSqlDate(raw.report), submit: readSqlDate(raw.submit) };
  }
}

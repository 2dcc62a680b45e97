import { Inject, Injectable } from '@nestjs/common';
import { computeDeadline } from '@sansui/shared';
import type { EntityManager } from 'typeorm';
import { CaseEvent } from '../cases/case-event.entity';
import { Case, type TriageRecord } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Department } from '../departments/department.entity';
import { NoticesService } from '../notifications/notices.service';
import { chinaTime } from '../notifications/templates';
import { Report } from '../reports/report.entity';
import { RoutingService } from '../routing/routing.service';
import { geohashEncode } from '../triage/geo';
import { PhotosService } from '../uploads/photos.service';
import type { InspectionFinding } from './inspection-finding.entity';
import { Photo } from '../uploads/photo.entity';
import { In, IsNull } from 'typeorm';

/**
 * Opens the case of one published finding (DOMAIN §16): source `inspection`, accepted by the publishing
 * dispatcher, routed like any case (the routing suggestion) and due by its category's SLA. Runs inside
 * the publication's transaction. This is the one place that creates cases for the evaluation module,
 * to be moved onto the cases module's lifecycle API when it exists.
 */
@Injectable()
export class InspectionCases {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly routing: RoutingService,
    private readonly notices: NoticesService,
    private readonly photos: PhotosService,
  ) {}

  async open(em: EntityManager, f: InspectionFinding, actor: { userId: number; itemText: string; roundName: string }): Promise<number> {
    const category = await em.getRepository(Category).findOneOrFail({ where: { code: f.categoryCode } });
    const description = [`【${actor.roundName}】${actor.itemText}`, f.count > 1 ? `共 ${f.count} 处` : null, f.note]
      .filter(Boolean)
      .join('；');
    const reports = em.getRepository(Report);
    const inserted = await reports.insert({
      userId: f.inspectorUserId,
      // One report per finding: the unique (userId, clientRequestId) index is a second guard against a double publication.
      clientRequestId: `inspection-finding-${f.id}`,
      kind: 'snap',
      source: 'inspection',
      categoryCode: f.categoryCode,
      description,
      lat: f.lat,
      lng: f.lng,
      coordSystem: 'gcj02',
      deviceLat: null,
      deviceLng: null,
      locationAccuracyM: null,
      caseId: 0,
      gridId: f.gridId,
      contentCheck: 'pass',
      contactName: null,
      contactPhone: null,
      externalId: null,
    });
    const reportId = Number(inserted.identifiers[0].id);
    const suggestion = await this.routing.suggest({ categoryCode: f.categoryCode, lat: f.lat, lng: f.lng, gridId: f.gridId }, em);
    const department = suggestion.departmentId
      ? await em.getRepository(Department).findOne({ where: { id: suggestion.departmentId, active: true } })
      : null;
    const now = new Date();
    const deadline = department ? computeDeadline(now, category.slaHours, this.config.cases.workingHours) : null;
    const triage: TriageRecord = {
      validation: { ok: true },
      serviceArea: { gridId: f.gridId },
      contentCheck: { text: 'skipped', images: 'pass' },
      duplicates: [],
      routing: { departmentId: suggestion.departmentId, explanation: suggestion.explanation, rule: suggestion.rule },
      inspection: { roundId: f.roundId, findingId: f.id, itemCode: f.itemCode, deduction: f.deduction },
    };
    const cases = em.getRepository(Case);
    const c = await cases.save(
      cases.create({
        status: department ? 'dispatched' : 'accepted',
        kind: 'snap',
        source: 'inspection',
        categoryCode: f.categoryCode,
        departmentId: department?.id ?? null,
        gridId: f.gridId,
        handlerUserId: null,
        lat: f.lat,
        lng: f.lng,
        cellKey: geohashEncode(f.lat, f.lng),
        description,
        primaryReportId: reportId,
        masterCaseId: null,
        slaHours: category.slaHours,
        dispatchedAt: department ? now : null,
        deadline,
        flagged: false,
        triage,
      }),
    );
    await reports.update({ id: reportId }, { caseId: c.id });
    const events: Partial<CaseEvent>[] = [
      {
        action: 'submit',
        fromStatus: null,
        toStatus: 'submitted',
        photoIds: f.photoIds,
        data: { reportId, source: 'inspection', findingId: f.id },
      },
      { action: 'accept', fromStatus: 'submitted', toStatus: 'accepted', note: '督查检查发现，发布时直接受理' },
    ];
    if (department && deadline)
      events.push({
        action: 'dispatch',
        fromStatus: 'accepted',
        toStatus: 'dispatched',
        data: {
          departmentId: department.id,
          suggested: true,
          explanation: suggestion.explanation,
          deadline: deadline.toISOString(),
          slaHours: c.slaHours,
        },
      });
    const repo = em.getRepository(CaseEvent);
    await repo.save(
      events.map((e) =>
        repo.create({ note: null, photoIds: null, data: null, ...e, caseId: c.id, actorUserId: actor.userId, actorRole: 'dispatcher' }),
      ),
    );
    // Photos a report took in the meantime stay with that report; the finding keeps their ids either way.
    const free = await em
      .getRepository(Photo)
      .find({ where: { id: In(f.photoIds), reportId: IsNull(), caseId: IsNull(), role: IsNull() } });
    if (free.length)
      await this.photos.attach(em, {
        photoIds: free.map((p) => p.id),
        userId: f.inspectorUserId,
        reportId,
        caseId: c.id,
        role: 'evidence',
      });
    if (department && deadline)
      await this.notices.notifyStaff(em, {
        departmentId: department.id,
        kind: 'case_dispatched',
        title: `督查发现案卷 #${c.id}`,
        body: `请在 ${chinaTime(deadline)} 前整改完毕`,
        caseId: c.id,
      });
    return c.id;
  }
}

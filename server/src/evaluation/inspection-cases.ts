import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import type { TriageRecord } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import { Department } from '../departments/department.entity';
import { chinaTime } from '../notifications/templates';
import { Report } from '../reports/report.entity';
import { RoutingService } from '../routing/routing.service';
import { PhotosService } from '../uploads/photos.service';
import type { InspectionFinding } from './inspection-finding.entity';
import { Photo } from '../uploads/photo.entity';
import { In, IsNull } from 'typeorm';

/**
 * Opens the case of one published finding (docs/domain.md §16): source `inspection`, accepted by the
 * publishing dispatcher and dispatched to the routing suggestion (due by its category's SLA) through the
 * case lifecycle, inside the publication's transaction.
 */
@Injectable()
export class InspectionCases {
  constructor(
    private readonly routing: RoutingService,
    private readonly lifecycle: CaseLifecycle,
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
    const triage: TriageRecord = {
      validation: { ok: true },
      serviceArea: { gridId: f.gridId },
      contentCheck: { text: 'skipped', images: 'pass' },
      duplicates: [],
      routing: { departmentId: suggestion.departmentId, explanation: suggestion.explanation, rule: suggestion.rule },
      inspection: { roundId: f.roundId, findingId: f.id, itemCode: f.itemCode, deduction: f.deduction },
    };
    const dispatcher = { userId: actor.userId, role: 'dispatcher' as const };
    const c = await this.lifecycle.open(em, {
      kind: 'snap',
      source: 'inspection',
      categoryCode: f.categoryCode,
      slaHours: category.slaHours,
      gridId: f.gridId,
      location: { lat: f.lat, lng: f.lng },
      description,
      primaryReportId: reportId,
      triage,
      actor: dispatcher,
      photoIds: f.photoIds,
      eventData: { reportId, source: 'inspection', findingId: f.id },
    });
    await reports.update({ id: reportId }, { caseId: c.id });
    await this.lifecycle.move(em, dispatcher, c, 'accept', { event: { note: '督查检查发现，发布时直接受理' } });
    if (department)
      await this.lifecycle.dispatch(em, dispatcher, c.id, {
        notice: (deadline) => ({ title: `督查发现案卷 #${c.id}`, body: `请在 ${chinaTime(deadline)} 前整改完毕` }),
      });
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
    return c.id;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import type { TriageRecord } from '../cases/case.entity';
import { CategoriesService } from '../categories/categories.service';
import { AppException } from '../common/errors/app-exception';
import { DepartmentsService } from '../departments/departments.service';
import { chinaTime } from '../notifications/templates';
import { ReportRepository } from '../reports/report.repository';
import { RoutingService } from '../routing/routing.service';
import { PhotosService } from '../uploads/photos.service';
import type { InspectionFinding } from './inspection-finding.entity';

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
    private readonly categories: CategoriesService,
    private readonly departments: DepartmentsService,
    private readonly reports: ReportRepository,
  ) {}

  async open(em: EntityManager, f: InspectionFinding, actor: { userId: number; itemText: string; roundName: string }): Promise<number> {
    const category = await this.categories.byCode(em, f.categoryCode);
    if (!category) throw new AppException('CATEGORY_UNKNOWN');
    const description = [`【${actor.roundName}】${actor.itemText}`, f.count > 1 ? `共 ${f.count} 处` : null, f.note]
      .filter(Boolean)
      .join('；');
    const reportId = await this.reports.insertForFinding(em, {
      findingId: f.id,
      inspectorUserId: f.inspectorUserId,
      categoryCode: f.categoryCode,
      description,
      lat: f.lat,
      lng: f.lng,
      gridId: f.gridId,
    });
    const suggestion = await this.routing.suggest({ categoryCode: f.categoryCode, lat: f.lat, lng: f.lng, gridId: f.gridId }, em);
    const dispatchable = suggestion.departmentId ? await this.departments.isActive(em, suggestion.departmentId) : false;
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
    await this.reports.linkCase(em, reportId, c.id);
    await this.lifecycle.move(em, dispatcher, c, 'accept', { event: { note: '督查检查发现，发布时直接受理' } });
    if (dispatchable)
      await this.lifecycle.dispatch(em, dispatcher, c.id, {
        notice: (deadline) => ({ title: `督查发现案卷 #${c.id}`, body: `请在 ${chinaTime(deadline)} 前整改完毕` }),
      });
    // Photos a report took in the meantime stay with that report; the finding keeps their ids either way.
    const free = await this.photos.unattachedAmong(em, f.photoIds);
    if (free.length)
      await this.photos.attach(em, {
        photoIds: free,
        userId: f.inspectorUserId,
        reportId,
        caseId: c.id,
        role: 'evidence',
      });
    return c.id;
  }
}

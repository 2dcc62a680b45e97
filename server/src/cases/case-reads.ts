import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CaseStatus } from '@sansui/shared';
import { DataSource, In, MoreThanOrEqual, Not, type EntityManager } from 'typeorm';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';

/** Where and what a case is, as the monitoring points (docs/domain.md §16) place it among the problems of a spot. */
export type CaseSpot = Pick<Case, 'id' | 'categoryCode' | 'lat' | 'lng' | 'createdAt' | 'gridId' | 'address'>;

/** Plain reads of case rows and timelines for the folders above cases (me-too, open311 …), which do not query them. */
@Injectable()
export class CaseReads {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  byId(id: number): Promise<Case | null> {
    return this.db.getRepository(Case).findOneBy({ id });
  }

  async byIds(ids: readonly number[]): Promise<Case[]> {
    return ids.length ? this.db.getRepository(Case).find({ where: { id: In([...ids]) } }) : [];
  }

  /** The case row, read in the caller's transaction (a hook of a case move sees the move's own writes). */
  inTransaction(em: EntityManager, id: number): Promise<Case | null> {
    return em.getRepository(Case).findOneBy({ id });
  }

  /** The cases merged into this one with their opening reports, read in the caller's transaction. */
  mergedIntoIn(em: EntityManager, caseId: number): Promise<Pick<Case, 'id' | 'primaryReportId'>[]> {
    return em.getRepository(Case).find({ where: { masterCaseId: caseId }, select: { id: true, primaryReportId: true } });
  }

  /** The ids of the cases merged into this one. */
  async mergedInto(caseId: number): Promise<number[]> {
    const rows = await this.db.getRepository(Case).find({ select: { id: true }, where: { masterCaseId: caseId } });
    return rows.map((c) => c.id);
  }

  /** The case's timeline, oldest first. */
  timeline(caseId: number): Promise<CaseEvent[]> {
    return this.db.getRepository(CaseEvent).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Status by case id, in one read; an unknown id is absent from the map. */
  async statusesOf(ids: readonly number[]): Promise<Map<number, CaseStatus>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.getRepository(Case).find({ where: { id: In([...ids]) }, select: { id: true, status: true } });
    return new Map(rows.map((c) => [c.id, c.status]));
  }

  /** The address and landmark of these cases (for placeText), in one read. */
  async placesOf(ids: readonly number[]): Promise<Pick<Case, 'id' | 'address' | 'landmark'>[]> {
    return ids.length
      ? this.db.getRepository(Case).find({ where: { id: In([...ids]) }, select: { id: true, address: true, landmark: true } })
      : [];
  }

  /** The department each of these cases is with (null before dispatch), in one read. */
  async departmentsOf(ids: readonly number[]): Promise<Pick<Case, 'id' | 'departmentId'>[]> {
    return ids.length ? this.db.getRepository(Case).find({ where: { id: In([...ids]) }, select: { id: true, departmentId: true } }) : [];
  }

  /** Cases opened since `from` that are problems (not rejected, not merged into another), in the caller's transaction. */
  problemSpotsSince(from: Date, em: EntityManager = this.db.manager): Promise<CaseSpot[]> {
    return em.getRepository(Case).find({
      select: { id: true, categoryCode: true, lat: true, lng: true, createdAt: true, gridId: true, address: true },
      where: { createdAt: MoreThanOrEqual(from), status: Not(In(['rejected', 'merged'])) },
    });
  }
}

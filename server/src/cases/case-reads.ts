import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';

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

  /** The ids of the cases merged into this one. */
  async mergedInto(caseId: number): Promise<number[]> {
    const rows = await this.db.getRepository(Case).find({ select: { id: true }, where: { masterCaseId: caseId } });
    return rows.map((c) => c.id);
  }

  /** The case's timeline, oldest first. */
  timeline(caseId: number): Promise<CaseEvent[]> {
    return this.db.getRepository(CaseEvent).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}

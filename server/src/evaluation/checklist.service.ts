import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ChecklistDto, ChecklistItemDto } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CategoriesService } from '../categories/categories.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { ChecklistItem, ChecklistVersion } from './checklist.entity';

export function toItemDto(i: ChecklistItem): ChecklistItemDto {
  return {
    code: i.code,
    section: i.section,
    text: i.text,
    deduction: i.deduction,
    maxDeduction: i.maxDeduction,
    categoryCode: i.categoryCode,
  };
}

/** The 考评细则 (docs/domain.md §16): the newest version is current; saving writes the next version, old ones stay for their rounds. */
@Injectable()
export class ChecklistService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    private readonly categories: CategoriesService,
  ) {}

  async current(em: EntityManager = this.db.manager): Promise<{ version: ChecklistVersion | null; items: ChecklistItem[] }> {
    const version = await em.getRepository(ChecklistVersion).findOne({ where: {}, order: { version: 'DESC' } });
    return { version, items: version ? await this.items(version.id, em) : [] };
  }

  async currentDto(): Promise<ChecklistDto> {
    const { version, items } = await this.current();
    return { version: version?.version ?? 0, items: items.map(toItemDto) };
  }

  items(versionId: number, em: EntityManager = this.db.manager): Promise<ChecklistItem[]> {
    return em.getRepository(ChecklistItem).find({ where: { versionId }, order: { position: 'ASC' } });
  }

  async versionNumber(versionId: number): Promise<number> {
    return (await this.db.getRepository(ChecklistVersion).findOne({ where: { id: versionId } }))?.version ?? 0;
  }

  /** Saves the items as the next version (admin). */
  async save(user: AuthUser, items: ChecklistItemDto[], note?: string): Promise<ChecklistDto> {
    await this.validate(items);
    return this.tx.run(async (em) => {
      const saved = await this.write(em, items, note ?? null, user.id);
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'checklist.save',
        targetType: 'checklist',
        targetId: saved.version,
        data: { items: items.length, maxTotal: items.reduce((s, i) => s + i.maxDeduction, 0), note: note ?? null },
      });
      return { version: saved.version, items: items.map((i) => ({ ...i })) };
    });
  }

  /** Writes a version (also used by the demo data inside its own transaction). */
  async write(em: EntityManager, items: ChecklistItemDto[], note: string | null, userId: number | null): Promise<ChecklistVersion> {
    const versions = em.getRepository(ChecklistVersion);
    const last = await versions.findOne({ where: {}, order: { version: 'DESC' }, ...this.tx.forUpdate() });
    const version = await versions.save(versions.create({ version: (last?.version ?? 0) + 1, note, createdByUserId: userId }));
    const repo = em.getRepository(ChecklistItem);
    await repo.insert(items.map((i, position) => ({ ...i, versionId: version.id, position })));
    return version;
  }

  private async validate(items: ChecklistItemDto[]): Promise<void> {
    const codes = new Set(items.map((i) => i.code));
    const bad =
      items.length === 0 ||
      codes.size !== items.length ||
      items.some(
        (i) =>
          !Number.isInteger(i.deduction) ||
          !Number.isInteger(i.maxDeduction) ||
          i.deduction <= 0 ||
          i.maxDeduction < i.deduction ||
          !i.text.trim() ||
          !i.section.trim(),
      );
    if (bad) throw new AppException('CHECKLIST_INVALID');
    const categories = [...new Set(items.map((i) => i.categoryCode))];
    const names = await this.categories.names();
    if (categories.some((code) => !names.has(code))) throw new AppException('CATEGORY_UNKNOWN', '考评细则中有不存在的问题分类');
  }
}

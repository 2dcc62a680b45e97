import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CATEGORY_CATALOGUE } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { rethrowTaken } from '../areas/areas.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { Category } from './category.entity';
import type { CategoryResponse, CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

export function toCategoryDto(c: Category): CategoryResponse {
  return {
    code: c.code,
    name: c.name,
    hint: c.hint,
    defaultDepartmentType: c.defaultDepartmentType,
    slaHours: c.slaHours,
    rewardFen: c.rewardFen,
    duplicateRadiusM: c.duplicateRadiusM,
    duplicateWindowHours: c.duplicateWindowHours,
    autoMerge: c.autoMerge,
    enabled: c.enabled,
    sortOrder: c.sortOrder,
  };
}

/** Writes the starter catalogue of docs/domain.md §4 (missing codes only; admin edits are kept). */
export async function seedCategoryCatalogue(em: EntityManager): Promise<number> {
  const repo = em.getRepository(Category);
  const existing = new Set((await repo.find({ select: { code: true } })).map((c) => c.code));
  const missing = CATEGORY_CATALOGUE.filter((c) => !existing.has(c.code));
  for (const c of missing) {
    await repo.insert({
      code: c.code,
      name: c.name,
      hint: c.hint,
      defaultDepartmentType: c.defaultDepartmentType,
      slaHours: c.slaHours,
      rewardFen: c.rewardFen,
      duplicateRadiusM: c.duplicateRadiusM,
      duplicateWindowHours: 72,
      autoMerge: false,
      enabled: true,
      sortOrder: c.sortOrder,
    });
  }
  return missing.length;
}

/** 事件分类 (docs/domain.md §4): public list, admin edits (audited). */
@Injectable()
export class CategoriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(includeDisabled = false): Promise<CategoryResponse[]> {
    const rows = await this.db
      .getRepository(Category)
      .find({ where: includeDisabled ? {} : { enabled: true }, order: { sortOrder: 'ASC', code: 'ASC' } });
    return rows.map(toCategoryDto);
  }

  /** Every category's name by code, enabled or not (a case keeps its category when it is switched off). */
  async names(): Promise<Map<string, string>> {
    const rows = await this.db.getRepository(Category).find({ select: { code: true, name: true } });
    return new Map(rows.map((c) => [c.code, c.name]));
  }

  /** Whether the category exists (enabled or not), read in the caller's transaction. */
  exists(em: EntityManager, code: string): Promise<boolean> {
    return em.getRepository(Category).exists({ where: { code } });
  }

  /** One category's name, read in the caller's transaction (null for an unknown code). */
  async nameOf(em: EntityManager, code: string): Promise<string | null> {
    return (await em.getRepository(Category).findOne({ where: { code }, select: { code: true, name: true } }))?.name ?? null;
  }

  /** The category row, read in the caller's transaction (null for an unknown code). */
  byCode(em: EntityManager, code: string): Promise<Category | null> {
    return em.getRepository(Category).findOne({ where: { code } });
  }

  /** Every category's code, name and duplicate radius (the spot rules of the monitoring points), in the caller's transaction. */
  spotRules(em: EntityManager = this.db.manager): Promise<Pick<Category, 'code' | 'name' | 'duplicateRadiusM'>[]> {
    return em.getRepository(Category).find({ select: { code: true, name: true, duplicateRadiusM: true } });
  }

  async find(code: string): Promise<Category | null> {
    return this.db.getRepository(Category).findOne({ where: { code } });
  }

  async create(user: AuthUser, input: CreateCategoryDto): Promise<CategoryResponse> {
    return this.tx
      .run(async (em) => {
        const repo = em.getRepository(Category);
        if (await repo.exists({ where: { code: input.code } })) throw new AppException('CATEGORY_CODE_TAKEN');
        const saved = await repo.save(
          repo.create({
            code: input.code,
            name: input.name,
            hint: input.hint ?? '',
            defaultDepartmentType: input.defaultDepartmentType,
            slaHours: input.slaHours,
            rewardFen: input.rewardFen,
            duplicateRadiusM: input.duplicateRadiusM ?? 50,
            duplicateWindowHours: input.duplicateWindowHours ?? 72,
            autoMerge: input.autoMerge ?? false,
            enabled: input.enabled ?? true,
            sortOrder: input.sortOrder ?? 100,
          }),
        );
        await this.audit.record(em, {
          actorUserId: user.id,
          action: 'category.create',
          targetType: 'category',
          targetId: saved.code,
          data: { ...toCategoryDto(saved) },
        });
        return toCategoryDto(saved);
      })
      .catch(rethrowTaken('CATEGORY_CODE_TAKEN'));
  }

  async update(user: AuthUser, code: string, patch: UpdateCategoryDto): Promise<CategoryResponse> {
    return this.tx.run(async (em) => {
      const repo = em.getRepository(Category);
      const c = await repo.findOne({ where: { code }, ...this.tx.forUpdate() });
      if (!c) throw new AppException('CATEGORY_NOT_FOUND');
      const before = toCategoryDto(c);
      const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      Object.assign(c, changes);
      const saved = await repo.save(c);
      await this.audit.record(em, {
        actorUserId: user.id,
        action: 'category.update',
        targetType: 'category',
        targetId: code,
        data: { before, changes },
      });
      return toCategoryDto(saved);
    });
  }
}

import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { Area } from '../areas/area.entity';
import { bboxOf } from '../areas/geometry';
import { ResponsibilityZone } from '../areas/responsibility-zone.entity';
import { applyZoneShape } from '../areas/zones.service';
import { seedCategoryCatalogue } from '../categories/categories.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { Department } from '../departments/department.entity';
import { RoutingRule } from '../routing/routing-rule.entity';
import { User } from '../users/user.entity';
import { residentDisplayName } from '../users/user-view';
import { UsersService } from '../users/users.service';
import { simOpenid } from '../wechat/simulator/simulator-rules';
import {
  DEMO_DEPARTMENTS,
  DEMO_PASSWORD,
  DEMO_PASSWORD_HASH,
  DEMO_RESIDENT_NAMES,
  DEMO_RULES,
  DEMO_ZONES,
  demoAreas,
  demoStaff,
} from './demo-city';
import { DemoSeedRegistry } from './demo-seed.registry';

/**
 * Demo steps of the places module: the city (order 10), departments, zones and rules (15), the
 * category catalogue (16), staff and residents (20). Each step is one transaction and re-runnable:
 * rows that exist (by code, name or username) are left as they are.
 */
@Injectable()
export class DemoPlacesSeed implements OnModuleInit {
  private readonly logger = new Logger('DemoPlacesSeed');

  constructor(
    private readonly registry: DemoSeedRegistry,
    private readonly tx: Transactions,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ order: 10, name: 'places', run: () => this.tx.run((em) => this.places(em)) });
    this.registry.register({ order: 15, name: 'departments, zones, rules', run: () => this.tx.run((em) => this.departments(em)) });
    this.registry.register({
      order: 16,
      name: 'categories',
      run: () => this.tx.run((em) => seedCategoryCatalogue(em).then(() => undefined)),
    });
    this.registry.register({ order: 20, name: 'staff and residents', run: () => this.tx.run((em) => this.people(em)) });
  }

  async places(em: EntityManager): Promise<void> {
    const repo = em.getRepository(Area);
    const idByCode = new Map((await repo.find({ select: { id: true, code: true } })).map((a) => [a.code, a.id]));
    for (const a of demoAreas()) {
      if (idByCode.has(a.code)) continue;
      const row = await repo.save(
        repo.create({
          code: a.code,
          name: a.name,
          level: a.level,
          parentId: a.parentCode ? idByCode.get(a.parentCode)! : null,
          geometry: JSON.stringify(a.geometry),
          ...bboxOf(a.geometry),
        }),
      );
      idByCode.set(a.code, row.id);
    }
  }

  async departments(em: EntityManager): Promise<void> {
    const areaId = new Map((await em.getRepository(Area).find({ select: { id: true, code: true } })).map((a) => [a.code, a.id]));
    const depts = em.getRepository(Department);
    const deptId = new Map((await depts.find({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
    for (const d of DEMO_DEPARTMENTS) {
      if (deptId.has(d.code)) continue;
      const row = await depts.save(
        depts.create({
          code: d.code,
          name: d.name,
          type: d.type,
          areaId: d.areaCode ? (areaId.get(d.areaCode) ?? null) : null,
          contactPhone: d.contactPhone ?? null,
          active: true,
        }),
      );
      deptId.set(d.code, row.id);
    }
    const zones = em.getRepository(ResponsibilityZone);
    for (const z of DEMO_ZONES) {
      if (await zones.exists({ where: { name: z.name } })) continue;
      const zone = zones.create({
        name: z.name,
        departmentId: deptId.get(z.departmentCode)!,
        categoryCodes: z.categoryCodes,
        active: true,
      });
      applyZoneShape(zone, z);
      await zones.save(zone);
    }
    const rules = em.getRepository(RoutingRule);
    for (const r of DEMO_RULES) {
      const values = {
        categoryCode: r.categoryCode,
        areaId: r.areaCode ? areaId.get(r.areaCode)! : null,
        departmentId: deptId.get(r.departmentCode)!,
      };
      const where = { ...values, categoryCode: values.categoryCode ?? IsNull(), areaId: values.areaId ?? IsNull() };
      if (await rules.exists({ where })) continue;
      await rules.save(rules.create({ ...values, priority: r.priority, active: true, note: r.note }));
    }
  }

  async people(em: EntityManager): Promise<void> {
    const deptId = new Map((await em.getRepository(Department).find({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
    const users = em.getRepository(User);
    const taken = new Set((await users.find({ where: { kind: 'staff' }, select: { id: true, username: true } })).map((u) => u.username));
    let created = 0;
    for (const s of demoStaff()) {
      if (taken.has(s.username)) continue;
      await this.users.createStaff(
        {
          username: s.username,
          password: DEMO_PASSWORD,
          passwordHash: DEMO_PASSWORD_HASH,
          displayName: s.displayName,
          roles: s.roles,
          departmentId: s.departmentCode ? deptId.get(s.departmentCode)! : null,
          wecomUserId: s.wecomUserId,
        },
        em,
      );
      created++;
    }
    for (const name of DEMO_RESIDENT_NAMES) {
      const openid = simOpenid(this.config.wechat.appId, name);
      if (await users.exists({ where: { openid } })) continue;
      const row = await users.save(
        users.create({
          kind: 'resident',
          openid,
          username: null,
          displayName: '居民',
          roles: ['resident'],
          departmentId: null,
          active: true,
        }),
      );
      await users.update({ id: row.id }, { displayName: residentDisplayName(row.id) });
    }
    this.logger.log(`demo staff created: ${created}`);
  }
}

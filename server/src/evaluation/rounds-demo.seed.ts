import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type EntityManager, In, Not, IsNull } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { Case } from '../cases/case.entity';
import type { AuthUser } from '../common/auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DemoSeedRegistry } from '../demo/demo-seed.registry';
import { simulatedPlace } from '../geo/simulator/simulated-place';
import { AddressBackfillService } from '../reports/address-backfill.service';
import { storeDemoScene } from '../reports/prepared-scenes';
import { PhotosService } from '../uploads/photos.service';
import { User } from '../users/user.entity';
import { FindingsService } from './findings.service';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { MonthPublicationService } from './month-publication.service';
import { PublishService } from './publish.service';
import { RoundsService } from './rounds.service';
import { SupervisionService } from './supervision.service';

const DAY = 86_400_000;
/** YYYY-MM, `back` months before `now` (UTC, as the staff screens' default month). */
export function demoMonth(now: Date, back = 0): string {
  const m = now.getUTCFullYear() * 12 + now.getUTCMonth() - back;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

/**
 * Findings per round: [item, count, note, sameSpotAs?], spread over the districts in turn; `sameSpotAs` puts a finding
 * where the first round's finding of that index was, so the spot relapses in two consecutive rounds (重点监控点位).
 */
const PLAN: { kind: 'covert' | 'open'; back: number; name: string; publish: boolean; findings: [string, number, string, number?][] }[] = [
  {
    kind: 'covert',
    back: 1,
    name: '第一次暗访',
    publish: true,
    findings: [
      ['A01', 3, '主干道两侧积存垃圾'],
      ['A02', 1, '垃圾桶满溢未及时清运'],
      ['C01', 2, '店外摆摊占道'],
      ['B02', 1, '小区楼道堆放杂物'],
      ['A01', 1, '路口绿化带白色垃圾'],
    ],
  },
  {
    kind: 'open',
    back: 1,
    name: '明查',
    publish: true,
    findings: [
      ['C01', 1, '夜市散场后未清扫', 2],
      ['A02', 2, '垃圾收集点周边脏乱', 1],
      ['B02', 2, '绿地内乱堆杂物'],
    ],
  },
  {
    kind: 'covert',
    back: 0,
    name: '第一次暗访',
    publish: false,
    findings: [
      ['A01', 2, '背街小巷垃圾未清'],
      ['C01', 1, '占道经营'],
    ],
  },
];

/**
 * Demo data for the evaluation screens: last month's covert and open rounds published (their cases open, the
 * month's results published, 督办通知 issued), and this month's covert round still running with a few findings.
 */
@Injectable()
export class RoundsDemoSeed implements OnModuleInit {
  private readonly logger = new Logger('RoundsDemoSeed');

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly areas: AreasService,
    private readonly photos: PhotosService,
    private readonly rounds: RoundsService,
    private readonly findings: FindingsService,
    private readonly publisher: PublishService,
    private readonly months: MonthPublicationService,
    private readonly supervision: SupervisionService,
    private readonly addresses: AddressBackfillService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.moduleRef
      .get(DemoSeedRegistry, { strict: false })
      .register({ order: 85, name: 'evaluation: demo rounds', run: (em) => this.run(em) });
  }

  private async run(em: EntityManager, now = new Date()): Promise<void> {
    if (await em.getRepository(InspectionRound).exists()) return;
    const staff = await em.getRepository(User).find({ where: { kind: 'staff', active: true }, order: { id: 'ASC' } });
    const as = (u: User): AuthUser => ({ id: u.id, kind: 'staff', roles: u.roles, departmentId: u.departmentId });
    const dispatcherUser = staff.find((u) => u.roles.includes('dispatcher'));
    const inspectorUser = staff.find((u) => u.roles.includes('inspector'));
    if (!dispatcherUser || !inspectorUser) return;
    const dispatcher = as(dispatcherUser);
    const inspector = as(inspectorUser);
    const spots = await this.spots(em);
    if (spots.length === 0) return;
    const districtIds = [...new Set(spots.map((s) => s.districtId))];
    let seed = 60_000;
    const published: number[] = [];
    const firstRoundSpots: (typeof spots)[number][] = [];
    for (const plan of PLAN) {
      const month = demoMonth(now, plan.back);
      const { id } = await this.rounds.create(dispatcher, {
        kind: plan.kind,
        name: `${Number(month.slice(5))} 月${plan.name}`,
        month,
        areaIds: districtIds,
        inspectorUserIds: [inspector.id],
      });
      for (const [i, [itemCode, count, note, sameSpotAs]] of plan.findings.entries()) {
        const spot = sameSpotAs === undefined ? spots[(i + seed) % spots.length] : firstRoundSpots[sameSpotAs];
        if (plan === PLAN[0]) firstRoundSpots.push(spot);
        const photoId = (await storeDemoScene(this.photos, seed++, inspector.id, { contentTrusted: true })).id;
        await this.findings.create(inspector, id, { itemCode, location: spot.location, photoIds: [photoId], count, note });
      }
      if (plan.publish) {
        await this.publisher.publish(dispatcher, id);
        await this.giveAddresses(em, id);
        published.push(id);
      }
      // Last month is complete once its rounds are published: its results are published before this month starts.
      if (plan.back === 1 && PLAN.filter((p) => p.back === 1).length === published.length) await this.months.publish(dispatcher, month);
    }
    const deadline = new Date(now.getTime() + 5 * DAY + 8 * 3600_000).toISOString().slice(0, 10);
    await this.supervision.issue(dispatcher, published[0], { deadline, requirement: '限期清理，上传整改后照片' });
    this.logger.log(`demo rounds: ${PLAN.length} (${published.length} published)`);
  }

  /**
   * The addresses of a published round's cases and their reports. Left to themselves they wait for the backfill job
   * (地址解析中 on the board for up to two minutes): the geocoder simulator is this server, which does not listen
   * while the seed runs. So, as the demo reports do, they get the simulator's answer directly.
   */
  private async giveAddresses(em: EntityManager, roundId: number): Promise<void> {
    if (!this.config.geocoder.simulator) return;
    const findings = await em
      .getRepository(InspectionFinding)
      .find({ select: { caseId: true }, where: { roundId, caseId: Not(IsNull()) } });
    const cases = await em.getRepository(Case).find({
      select: { id: true, primaryReportId: true, lat: true, lng: true },
      where: { id: In(findings.map((f) => f.caseId)) },
    });
    await this.addresses.fillKnown(
      cases.flatMap((c) => {
        const place = simulatedPlace(c.lat, c.lng);
        return place ? [{ reportId: c.primaryReportId, caseId: c.id, place }] : [];
      }),
    );
  }

  /** Places of demo cases, one per grid, with the district they lie in. */
  private async spots(em: EntityManager): Promise<{ location: { lat: number; lng: number }; districtId: number }[]> {
    const cases = await em
      .getRepository(Case)
      .find({ select: { id: true, lat: true, lng: true, gridId: true }, order: { id: 'ASC' }, take: 200 });
    const seen = new Set<number>();
    const out: { location: { lat: number; lng: number }; districtId: number }[] = [];
    for (const c of cases) {
      if (c.gridId === null || seen.has(c.gridId)) continue;
      seen.add(c.gridId);
      const district = (await this.areas.ancestors(c.gridId)).find((a) => a.level === 'district');
      if (district) out.push({ location: { lat: c.lat, lng: c.lng }, districtId: district.id });
    }
    return out;
  }
}

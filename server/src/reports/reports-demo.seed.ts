import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CATEGORY_CATALOGUE, type CaseAction, type CaseActor, type ReportKind, nextStatus, offsetM } from '@sansui/shared';
import { EntityManager } from 'typeorm';
import { Area } from '../areas/area.entity';
import { CaseActionsService } from '../cases/case-actions.service';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { KnownPictureVerdicts } from '../cases/evidence/known-picture-verdicts';
import { Case } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import type { AuthUser } from '../common/auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DEMO_RESIDENT_NAMES } from '../demo/demo-city';
import { DEMO_LANDMARKS } from '../demo/demo-streets';
import { simulatedPlace } from '../geo/simulator/simulated-place';
import { DemoSeedRegistry } from '../demo/demo-seed.registry';
import { Department } from '../departments/department.entity';
import { Transactions } from '../database/transactions';
import { User } from '../users/user.entity';
import { simOpenid } from '../wechat/simulator/simulator-rules';
import type { CaptureInput } from '../uploads/capture-facts';
import { ReportPhotos } from './report-photos';
import { DEMO_PICTURE_VERDICTS } from './reports-demo-verdicts';
import { backdateCaseReports } from './report-backdate';
import { Report } from './report.entity';
import { ReportsService } from './reports.service';

/** Where each demo case ends up; the rest stay `submitted` for the dispatcher's triage queue. */
const CLOSE: CaseAction[] = ['accept', 'dispatch', 'claim', 'resolve', 'verify_pass'];
/** Shares of a category's time limit that the demo's resolved cases took from dispatch to resolve. */
const HANDLING_SHARES = [0.25, 0.45, 0.6, 0.8, 0.9, 1.3];

const PATHS: CaseAction[][] = [
  [],
  ['accept'],
  ['accept', 'dispatch'],
  ['accept', 'dispatch', 'claim'],
  ['accept', 'dispatch', 'claim', 'resolve'],
  CLOSE,
  ['reject'],
  [],
  CLOSE,
  CLOSE,
  ['accept', 'dispatch', 'claim', 'resolve'],
  CLOSE,
];

/**
 * How the n-th demo handler's after-photo was taken (docs/domain.md §14), so the KPI screens show a realistic
 * mix: most on site with the camera (verified), some uploaded from the desk (unverified; closed with a note, or
 * verified on site by the dispatcher with a photo of their own), now and then one picked from the album.
 */
export type DemoEvidence = 'camera' | 'desk' | 'desk-then-on-site' | 'album';
const EVIDENCE_MIX: DemoEvidence[] = ['camera', 'desk', 'camera', 'desk-then-on-site', 'camera', 'camera', 'album', 'camera'];
export function demoEvidence(n: number): DemoEvidence {
  return EVIDENCE_MIX[n % EVIDENCE_MIX.length];
}

const DESCRIPTIONS = ['路口有一堆垃圾没人清理', '这里好几天了，味道很大', '', '影响行人通行', '晚上经常这样', '麻烦尽快处理，谢谢', '', '小区门口'];

/** What a phone sends with a photo taken now, 10–40 m from the case. */
function onSpot(at: { lat: number; lng: number }, seed: number, source: 'camera' | 'album'): CaptureInput {
  const p = offsetM(at, ((seed * 7) % 31) + 10, ((seed * 13) % 21) - 10);
  return { at: new Date(), lat: p.lat, lng: p.lng, accuracyM: 8 + (seed % 12), source };
}

/**
 * Demo reports (DEMO_DATA=true, order 50, after places and staff): a few dozen reports by demo
 * residents through the real intake service, with generated photos, spread over the demo grids and
 * categories; some moved along the §5 machine, some left submitted, a few duplicates.
 */
@Injectable()
export class ReportsDemoSeed implements OnModuleInit {
  private readonly logger = new Logger('ReportsDemoSeed');

  constructor(
    private readonly registry: DemoSeedRegistry,
    private readonly reports: ReportsService,
    private readonly photos: ReportPhotos,
    private readonly actions: CaseActionsService,
    private readonly lifecycle: CaseLifecycle,
    private readonly tx: Transactions,
    private readonly verdicts: KnownPictureVerdicts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ order: 50, name: 'demo reports', run: (em) => this.run(em) });
  }

  async run(em: EntityManager): Promise<void> {
    const grids = (await em.getRepository(Area).find({ where: { level: 'grid' }, order: { id: 'ASC' } })).filter((g) => g.minLat !== null);
    const categories = await em.getRepository(Category).find({ where: { enabled: true }, order: { sortOrder: 'ASC' } });
    if (grids.length === 0 || categories.length === 0) {
      this.logger.warn('no grids or categories: demo reports skipped');
      return;
    }
    // The evidence checks compare the demo's after-photos with the other demo photos; those outcomes are fixed.
    this.verdicts.learn(DEMO_PICTURE_VERDICTS.verdicts);
    const residents = await this.demoResidents(em);
    const staff = await em.getRepository(User).find({ where: { kind: 'staff' } });
    const dispatcher = staff.find((u) => u.roles.includes('dispatcher')) ?? null;
    let seed = 1;
    const made: { caseId: number; path: CaseAction[]; evidence: DemoEvidence }[] = [];
    let resolves = 0;
    const n = 36;
    for (let i = 0; i < n; i++) {
      const grid = grids[(i * 7) % grids.length];
      const category = categories[i % Math.min(categories.length, CATEGORY_CATALOGUE.length)];
      const resident = residents[i % residents.length];
      const kind: ReportKind = i % 9 === 4 ? 'pickup' : 'snap';
      // Inside the grid: its bbox centre nudged; the pipeline rejects points outside any grid, so try a few.
      const centre = { lat: (grid.minLat! + grid.maxLat!) / 2, lng: (grid.minLng! + grid.maxLng!) / 2 };
      const before = [await this.photo(resident.id, seed++)];
      if (i % 3 === 0) before.push(await this.photo(resident.id, seed++));
      const after = kind === 'pickup' ? [await this.photo(resident.id, seed++)] : undefined;
      // Every other report sits by a landmark of the demo city (the same data the geocoder simulator answers from).
      const landmark = DEMO_LANDMARKS[(i >> 1) % DEMO_LANDMARKS.length];
      const point = offsetM(i % 2 === 0 ? landmark : centre, ((i % 5) - 2) * 25, ((i % 4) - 1.5) * 25);
      try {
        const { report } = await this.reports.submit(
          { userId: resident.id, openid: resident.openid, source: 'miniapp', actorRole: 'resident', contentTrusted: true },
          { kind, categoryCode: category.code, description: DESCRIPTIONS[i % DESCRIPTIONS.length] || null, location: point, photoIds: before, afterPhotoIds: after, clientRequestId: `demo-report-${i}`, address: this.demoAddress(point) },
        );
        const path: CaseAction[] = kind === 'pickup' ? (i % 2 ? ['accept', 'verify_pass'] : []) : PATHS[i % PATHS.length];
        made.push({ caseId: report.caseId, path, evidence: path.includes('resolve') ? demoEvidence(resolves++) : 'desk' });
        // Every sixth report gets a neighbour's duplicate 20–30 m away (suggested to the dispatcher).
        if (i % 6 === 1) {
          const other = residents[(i + 1) % residents.length];
          const dup = await this.reports.submit(
            { userId: other.id, openid: other.openid, source: 'miniapp', actorRole: 'resident', contentTrusted: true },
            { kind: 'snap', categoryCode: category.code, description: '同一个地方，还没处理', location: offsetM(point, 18, 14), photoIds: [await this.photo(other.id, seed++)], clientRequestId: `demo-report-dup-${i}`, address: this.demoAddress(offsetM(point, 18, 14)) },
          );
          // Every other duplicate is merged by the dispatcher; the rest wait in the triage queue as suggestions.
          if (i % 12 === 1 && dispatcher) {
            await this.tx.run(async (tem) => {
              const c = await this.lifecycle.lock(tem, dup.report.caseId);
              if (c.status === 'submitted')
                await this.lifecycle.merge(tem, c, report.caseId, { userId: dispatcher.id, role: 'dispatcher', name: dispatcher.displayName }, { note: '同一地点同一问题，合并处理' });
            });
          }
        }
      } catch (e) {
        this.logger.warn(`demo report ${i} skipped: ${(e as Error).message}`);
      }
    }
    const departments = await em.getRepository(Department).find({ where: { active: true } });
    for (const { caseId, path, evidence } of made) await this.advance(em, caseId, path, evidence, dispatcher, staff, departments);
    this.logger.log(`demo reports: ${made.length} cases`);
  }

  /**
   * The seed runs before the server listens, so the geocoder simulator cannot be called over HTTP yet:
   * the demo's addresses come from the simulator's own rules. With a real geocoder they are left to the backfill job.
   */
  private demoAddress(p: { lat: number; lng: number }): string | null {
    return this.config.geocoder.simulator ? (simulatedPlace(p.lat, p.lng)?.address ?? null) : null;
  }

  private async demoResidents(em: EntityManager): Promise<User[]> {
    const users = em.getRepository(User);
    // The places/staff step may have created them already; `sim:demo-resident-N` logs in as them.
    const names = ['张阿姨', '李师傅', '王同学', '赵先生', '陈女士'];
    const residents: User[] = [];
    for (let i = 0; i < DEMO_RESIDENT_NAMES.length; i++) {
      const openid = simOpenid(this.config.wechat.appId, DEMO_RESIDENT_NAMES[i]);
      const found = await users.findOne({ where: { openid } });
      residents.push(found ?? (await users.save(users.create({ kind: 'resident', openid, displayName: names[i] ?? `居民${i + 1}`, roles: ['resident'], departmentId: null, active: true }))));
    }
    return residents;
  }

  private async photo(ownerUserId: number, seed: number): Promise<number> {
    return this.photos.createScene(seed, ownerUserId);
  }

  /**
   * Moves a case along `path` through CaseActionsService (so rewards, notices and audit react as in
   * real use); from the first action it refuses (e.g. no handler in the department), through the case
   * lifecycle as the staff the move needs.
   */
  private async advance(
    em: EntityManager,
    caseId: number,
    path: CaseAction[],
    evidence: DemoEvidence,
    dispatcher: User | null,
    staff: User[],
    departments: Department[],
  ): Promise<void> {
    const c0 = await em.getRepository(Case).findOne({ select: { id: true, status: true }, where: { id: caseId } });
    if (!c0 || c0.status !== 'submitted' || path.length === 0) return;
    // Backdate the report so that it was made before its moves.
    const createdAt = new Date(Date.now() - (path.length + 1) * 20 * 60_000);
    await this.tx.run((tem) => this.lifecycle.backdate(tem, caseId, createdAt));
    await em.getRepository(Report).update({ caseId }, { createdAt });
    let done = 0;
    if (dispatcher) {
      for (; done < path.length; done++) {
        try {
          await this.viaActions(em, caseId, path[done], evidence, dispatcher, staff);
        } catch (e) {
          this.logger.warn(`demo case ${caseId}: ${path[done]} through CaseActionsService failed (${(e as Error).message}); moving the rest directly`);
          break;
        }
      }
    }
    for (const action of path.slice(done)) {
      const moved = await this.tx.run((tem) => this.direct(tem, caseId, action, dispatcher, staff, departments));
      if (!moved) break;
    }
    if (path.includes('resolve')) await this.spreadHandling(em, caseId);
  }

  /** A handling time between a quarter of the category's time limit and 1.3 times it (one case in six late), not the seconds the seed took. */
  private async spreadHandling(em: EntityManager, caseId: number): Promise<void> {
    const c = await em.getRepository(Case).findOne({ select: { id: true, status: true, categoryCode: true }, where: { id: caseId } });
    if (!c || (c.status !== 'resolved' && c.status !== 'closed')) return;
    const category = await em.getRepository(Category).findOneBy({ code: c.categoryCode });
    const byMs = Math.round((category?.slaHours ?? 24) * HANDLING_SHARES[caseId % HANDLING_SHARES.length] * 3_600_000);
    await this.tx.run(async (tem) => {
      await this.lifecycle.spreadHandling(tem, caseId, byMs);
      await backdateCaseReports(tem, caseId, byMs);
    });
  }

  private async viaActions(em: EntityManager, caseId: number, action: CaseAction, how: DemoEvidence, dispatcher: User, staff: User[]): Promise<void> {
    const actions = this.actions;
    const as = (u: User): AuthUser => ({ id: u.id, kind: 'staff', roles: u.roles, departmentId: u.departmentId });
    // What the moves below need of the case, not its whole row (the seed makes ~150 moves).
    const c = await em
      .getRepository(Case)
      .findOneOrFail({ select: { id: true, departmentId: true, lat: true, lng: true }, where: { id: caseId } });
    const handler = staff.find((u) => u.departmentId !== null && u.departmentId === c.departmentId && u.roles.includes('handler'));
    switch (action) {
      case 'accept':
        await actions.accept(as(dispatcher), caseId, { note: '情况属实，予以受理' });
        return;
      case 'reject':
        await actions.reject(as(dispatcher), caseId, { reason: 'incomplete', note: '照片看不清具体位置' });
        return;
      case 'dispatch':
        await actions.dispatch(as(dispatcher), caseId, {});
        return;
      case 'claim':
        if (!handler) throw new Error('no handler in the department');
        await actions.claim(as(handler), caseId, {});
        return;
      case 'resolve': {
        if (!handler) throw new Error('no handler in the department');
        const capture = how === 'camera' || how === 'album' ? onSpot(c, caseId, how) : undefined;
        const photoId = await this.photos.createScene(10_000 + caseId, handler.id, capture);
        await actions.resolve(as(handler), caseId, { photoIds: [photoId], note: '已清理完毕' });
        return;
      }
      case 'verify_pass': {
        if (how === 'desk-then-on-site') {
          // The dispatcher went to look and took a photo on site (现场核查): that evidence stands for the closure.
          const photoId = await this.photos.createScene(20_000 + caseId, dispatcher.id, onSpot(c, caseId + 1, 'camera'));
          await actions.verify(as(dispatcher), caseId, { passed: true, photoIds: [photoId] });
        } else if (how === 'camera') await actions.verify(as(dispatcher), caseId, { passed: true });
        else await actions.verify(as(dispatcher), caseId, { passed: true, note: '电话回访，居民确认已清理' });
        return;
      }
      default:
        throw new Error(`demo does not drive ${action}`);
    }
  }

  /** One move through the case lifecycle, as the dispatcher or the department's handler (or nobody when it has none). False when the machine refuses it. */
  private async direct(em: EntityManager, caseId: number, action: CaseAction, dispatcher: User | null, staff: User[], departments: Department[]): Promise<boolean> {
    const c = await this.lifecycle.lock(em, caseId);
    if (!nextStatus(c.status, action, c.kind)) return false;
    const asDispatcher = { userId: dispatcher?.id ?? null, role: 'dispatcher' as CaseActor };
    if (action === 'dispatch') {
      const category = await em.getRepository(Category).findOneBy({ code: c.categoryCode });
      const dept = departments.find((d) => d.id === c.triage?.routing?.departmentId) ?? departments.find((d) => d.type === category?.defaultDepartmentType) ?? departments[0];
      if (!dept) return false;
      await this.lifecycle.dispatch(em, asDispatcher, c, { departmentId: dept.id });
      return true;
    }
    if (action === 'claim' || action === 'resolve') {
      const handler = staff.find((u) => u.departmentId === c.departmentId && u.roles.includes('handler'));
      const patch = action === 'claim' ? { handlerUserId: handler?.id ?? null } : { resolvedAt: new Date() };
      await this.lifecycle.move(em, { userId: handler?.id ?? null, role: 'handler' }, c, action, { patch, event: { note: action === 'resolve' ? '已清理完毕' : null } });
      return true;
    }
    if (action === 'verify_pass') {
      await this.lifecycle.move(em, asDispatcher, c, action, { patch: { closedAt: new Date() }, event: { note: '现场核查已解决' } });
      return true;
    }
    if (action === 'reject') {
      await this.lifecycle.move(em, asDispatcher, c, action, { event: { note: '照片看不清具体位置', data: { reason: 'incomplete' } } });
      return true;
    }
    await this.lifecycle.move(em, asDispatcher, c, action);
    return true;
  }
}

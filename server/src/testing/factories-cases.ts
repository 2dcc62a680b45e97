import type { CaseStatus, ReportKind, Role } from '@sansui/shared';
import { randomBytes } from 'node:crypto';
import { CaseEvent } from '../cases/case-event.entity';
import { Case, type TriageRecord } from '../cases/case.entity';
import { TokenService } from '../common/auth/token.service';
import { Photo } from '../uploads/photo.entity';
import { Report } from '../reports/report.entity';
import { User } from '../users/user.entity';
import { REPORT_TEST_AREA, seedReportTestPlaces, type ReportTestPlaces } from './factories-reports';
import type { TestApp } from './test-app';

/** A staff member (or resident) inserted directly, with a bearer token from TokenService (no password login). */
export interface Actor {
  user: User;
  token: string;
  auth: { Authorization: string };
}

export async function insertActor(
  t: TestApp,
  roles: Role[],
  departmentId: number | null = null,
  kind: 'staff' | 'resident' = 'staff',
): Promise<Actor> {
  const repo = t.db.getRepository(User);
  const tag = randomBytes(4).toString('hex');
  const user = await repo.save(
    repo.create({
      kind,
      username: kind === 'staff' ? `case-${roles.join('-')}-${tag}` : null,
      openid: kind === 'resident' ? `o-case-${tag}` : null,
      passwordHash: null,
      displayName: `${roles.join('+')}-${tag}`,
      roles,
      departmentId,
      active: true,
    } as Partial<User>),
  );
  const token = t.app.get(TokenService).issue({ id: user.id, kind, roles, departmentId });
  return { user, token, auth: { Authorization: `Bearer ${token}` } };
}

export interface CaseWorld extends ReportTestPlaces {
  /** Two departments to test "own vs other department": A = sanitation (the routing target of exposed_garbage), B = urban management. */
  deptA: number;
  deptB: number;
  dispatcher: Actor;
  dispatcher2: Actor;
  inspector: Actor;
  auditor: Actor;
  admin: Actor;
  handlerA: Actor;
  handlerA2: Actor;
  managerA: Actor;
  handlerB: Actor;
  managerB: Actor;
  resident: Actor;
}

/** Places (test area, categories, one department per type), and one actor per role. */
export async function seedCaseWorld(t: TestApp, prefix = `cw${randomBytes(2).toString('hex')}`): Promise<CaseWorld> {
  const places = await seedReportTestPlaces(t.db, prefix);
  const deptA = places.departments.sanitation.id;
  const deptB = places.departments.urban_management.id;
  return {
    ...places,
    deptA,
    deptB,
    dispatcher: await insertActor(t, ['dispatcher']),
    dispatcher2: await insertActor(t, ['dispatcher']),
    inspector: await insertActor(t, ['inspector']),
    auditor: await insertActor(t, ['auditor']),
    admin: await insertActor(t, ['admin']),
    handlerA: await insertActor(t, ['handler'], deptA),
    handlerA2: await insertActor(t, ['handler'], deptA),
    managerA: await insertActor(t, ['dept_manager'], deptA),
    handlerB: await insertActor(t, ['handler'], deptB),
    managerB: await insertActor(t, ['dept_manager'], deptB),
    resident: await insertActor(t, ['resident'], null, 'resident'),
  };
}

export interface CaseSpec {
  status: CaseStatus;
  kind?: ReportKind;
  categoryCode?: string;
  departmentId?: number | null;
  gridId?: number | null;
  lat?: number;
  lng?: number;
  slaHours?: number;
  dispatchedAt?: Date | null;
  deadline?: Date | null;
  closedAt?: Date | null;
  resolvedAt?: Date | null;
  masterCaseId?: number | null;
  triage?: TriageRecord | null;
  handlerUserId?: number | null;
  address?: string | null;
  /** The resident behind the case's report. */
  reporterId: number;
}

/** Inserts a case in the given state with one report behind it (no events; the INSERT's trigger counts it in the daily roll-up): the state a test starts from. */
export async function insertCase(t: TestApp, spec: CaseSpec): Promise<Case> {
  const lat = spec.lat ?? REPORT_TEST_AREA.centre.lat;
  const lng = spec.lng ?? REPORT_TEST_AREA.centre.lng;
  const kind = spec.kind ?? 'snap';
  const categoryCode = spec.categoryCode ?? 'exposed_garbage';
  const running = ['dispatched', 'in_progress', 'resolved', 'closed'].includes(spec.status);
  const now = new Date();
  const report = await t.db.getRepository(Report).save(
    t.db.getRepository(Report).create({
      userId: spec.reporterId,
      clientRequestId: `case-${randomBytes(6).toString('hex')}`,
      kind,
      source: 'miniapp',
      categoryCode,
      description: null,
      lat,
      lng,
      coordSystem: 'gcj02',
      deviceLat: null,
      deviceLng: null,
      locationAccuracyM: null,
      caseId: 0,
      gridId: spec.gridId ?? null,
      contentCheck: 'pass',
      contactName: null,
      contactPhone: null,
      externalId: null,
    }),
  );
  const repo = t.db.getRepository(Case);
  const c = await repo.save(
    repo.create({
      status: spec.status,
      kind,
      source: 'miniapp',
      categoryCode,
      departmentId: spec.departmentId ?? null,
      gridId: spec.gridId ?? null,
      lat,
      lng,
      cellKey: 'wtw3sjq',
      description: '测试案卷',
      primaryReportId: report.id,
      masterCaseId: spec.masterCaseId ?? null,
      slaHours: spec.slaHours ?? 4,
      dispatchedAt: spec.dispatchedAt !== undefined ? spec.dispatchedAt : running ? now : null,
      deadline: spec.deadline !== undefined ? spec.deadline : running ? new Date(now.getTime() + (spec.slaHours ?? 4) * 3_600_000) : null,
      resolvedAt: spec.resolvedAt !== undefined ? spec.resolvedAt : ['resolved', 'closed'].includes(spec.status) ? now : null,
      closedAt: spec.closedAt !== undefined ? spec.closedAt : spec.status === 'closed' ? now : null,
      flagged: false,
      triage: spec.triage ?? null,
      handlerUserId: spec.handlerUserId ?? null,
      address: spec.address ?? null,
    }),
  );
  await t.db.getRepository(Report).update({ id: report.id }, { caseId: c.id });
  return c;
}

/** A stored photo row owned by `ownerUserId` (no image bytes: enough for attach and the DTO). */
export async function insertPhoto(t: TestApp, ownerUserId: number, gps?: { lat: number; lng: number }): Promise<Photo> {
  const repo = t.db.getRepository(Photo);
  const tag = randomBytes(6).toString('hex');
  return repo.save(
    repo.create({
      ownerUserId,
      storageKey: `test/${tag}.jpg`,
      thumbKey: `test/${tag}_t.jpg`,
      mime: 'image/jpeg',
      width: 800,
      height: 600,
      bytes: 1000,
      sha256: tag.padEnd(64, '0'),
      phash: randomBytes(8).toString('hex'),
      phashBlock0: 1,
      phashBlock1: 2,
      phashBlock2: 3,
      phashBlock3: 4,
      takenAt: null,
      gpsLat: gps?.lat ?? null,
      gpsLng: gps?.lng ?? null,
      contentCheck: 'pass',
      contentTraceId: null,
      reportId: null,
      caseId: null,
      role: null,
    }),
  );
}

export async function caseEvents(t: TestApp, caseId: number): Promise<CaseEvent[]> {
  return t.db.getRepository(CaseEvent).find({ where: { caseId }, order: { id: 'ASC' } });
}

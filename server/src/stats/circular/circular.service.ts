import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AuditAnchorDto, CASE_STATUS_LABELS, type CaseStatus, type DepartmentKpiDto, chinaDay } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { AnchorsService } from '../../anchors/anchors.service';
import { CampaignStatsService } from '../campaign-stats.service';
import { DepartmentKpisService } from '../department-kpis.service';
import { sqlTime, type StatsPeriod } from '../stats-period';

export interface CircularOverdueCase {
  caseId: number;
  category: string;
  /** Readable address ('—' while geocoding has not answered). */
  address: string;
  department: string;
  deadline: Date;
  /** Hours past the deadline: until resolution, or until now when still open. */
  overdueHours: number;
  /** Still not resolved. */
  open: boolean;
  /** Past twice its SLA: on the 爱卫办's circular list (docs/domain.md §7). */
  severe: boolean;
  status: string;
}

export interface CircularReworkCase {
  caseId: number;
  category: string;
  address: string;
  department: string;
  reworks: number;
  status: string;
}

export interface CircularData {
  title: string;
  period: { from: Date; to: Date; label: string };
  generatedAt: Date;
  totals: {
    reports: number;
    received: number;
    closed: number;
    onTimeRate: number | null;
    /** Closures on verified evidence, and the share of closures whose evidence is unverified (docs/domain.md §14). */
    closedVerified: number;
    unverifiedRate: number | null;
    overdueNow: number;
    reworks: number;
    returns: number;
    satisfactionRate: number | null;
    rewardsPaidFen: number;
  };
  /** Departments with activity, best first: on-time rate ↓, rework rate ↑, satisfaction ↓. */
  ranking: (DepartmentKpiDto & { rank: number })[];
  overdue: CircularOverdueCase[];
  reworked: CircularReworkCase[];
  /** The audit chain's latest anchor, printed so the head is kept outside the database too (docs/domain.md §9). */
  auditAnchor: AuditAnchorDto | null;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const LIST_LIMIT = 500;

/** Compares departments for the ranking; a missing rate ranks after any number. */
export function compareDepartments(a: DepartmentKpiDto, b: DepartmentKpiDto): number {
  const desc = (x: number | null, y: number | null) => (y ?? -1) - (x ?? -1);
  const asc = (x: number | null, y: number | null) => (x ?? 2) - (y ?? 2);
  return (
    desc(a.onTimeRate, b.onTimeRate) ||
    asc(a.reworkRate, b.reworkRate) ||
    desc(a.satisfactionRate, b.satisfactionRate) ||
    b.closed - a.closed ||
    a.departmentId - b.departmentId
  );
}

/** 通报: the period's department ranking, overdue and reworked cases and campaign totals (docs/domain.md §7). */
@Injectable()
export class CircularService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly kpis: DepartmentKpisService,
    private readonly campaign: CampaignStatsService,
    private readonly anchors: AnchorsService,
  ) {}

  async build(p: StatsPeriod, now: Date = new Date()): Promise<CircularData> {
    const range = [sqlTime(p.from), sqlTime(p.to)];
    const kpis = await this.kpis.departments(p, {}, now);
    const active = kpis.filter((k) => k.received + k.closed + k.overdue + k.returns + k.resolved > 0).sort(compareDepartments);
    const sum = (f: (k: DepartmentKpiDto) => number) => kpis.reduce((s, k) => s + f(k), 0);
    const [reportsRow] = (await this.db.query(
      'SELECT COUNT(*) AS n FROM reports r WHERE r.createdAt >= ? AND r.createdAt < ?',
      range,
    )) as Row[];
    const closed = sum((k) => k.closed);
    const onTime = kpis.reduce((s, k) => s + Math.round((k.onTimeRate ?? 0) * k.closed), 0);
    const fbTotal = sum((k) => k.feedbackTotal);
    const lastDay = chinaDay(new Date(p.to.getTime() - 1));
    const firstDay = chinaDay(p.from);
    return {
      title: `“三随”工作通报（${firstDay === lastDay ? firstDay : `${firstDay} 至 ${lastDay}`}）`,
      period: { from: p.from, to: p.to, label: firstDay === lastDay ? firstDay : `${firstDay} 至 ${lastDay}` },
      generatedAt: now,
      totals: {
        reports: num(reportsRow?.n),
        received: sum((k) => k.received),
        closed,
        onTimeRate: closed ? Math.round((onTime / closed) * 10000) / 10000 : null,
        closedVerified: sum((k) => k.closedVerified),
        unverifiedRate: closed ? Math.round(((closed - sum((k) => k.closedVerified)) / closed) * 10000) / 10000 : null,
        overdueNow: sum((k) => k.overdue),
        reworks: sum((k) => k.reworks),
        returns: sum((k) => k.returns),
        satisfactionRate: fbTotal ? Math.round((sum((k) => k.feedbackSatisfied) / fbTotal) * 10000) / 10000 : null,
        rewardsPaidFen: await this.campaign.paidFen(),
      },
      ranking: active.map((k, i) => ({ ...k, rank: i + 1 })),
      overdue: await this.overdue(range, now),
      reworked: await this.reworked(range),
      auditAnchor: await this.anchors.latest(),
    };
  }

  /** Cases whose deadline fell in the period and that were not resolved by it, longest overdue first. */
  private async overdue(range: string[], now: Date): Promise<CircularOverdueCase[]> {
    const rows: Row[] = await this.db.query(
      `SELECT c.id, c.status, c.deadline, c.resolvedAt, c.dispatchedAt, c.slaHours, c.address, cat.name AS category, c.categoryCode, d.name AS department
       FROM cases c LEFT JOIN categories cat ON cat.code = c.categoryCode LEFT JOIN departments d ON d.id = c.departmentId
       WHERE c.deadline >= ? AND c.deadline < ? AND c.deadline < ? AND (c.resolvedAt IS NULL OR c.resolvedAt > c.deadline) AND c.status NOT IN ('rejected', 'merged')
       ORDER BY c.deadline ASC LIMIT ${LIST_LIMIT}`,
      [...range, sqlTime(now)],
    );
    return rows
      .map((r) => {
        const deadline = toDate(r.deadline)!;
        const resolvedAt = toDate(r.resolvedAt);
        const end = resolvedAt ?? now;
        const dispatchedAt = toDate(r.dispatchedAt);
        const slaMs = num(r.slaHours) * 3600_000;
        return {
          caseId: num(r.id),
          category: String(r.category ?? r.categoryCode),
          address: r.address ? String(r.address) : '—',
          // A case the department returned is back with the dispatchers: not the department's delay.
          department: r.status === 'accepted' ? '调度中心（退单待重新派遣）' : String(r.department ?? '—'),
          deadline,
          overdueHours: Math.round(((end.getTime() - deadline.getTime()) / 3600_000) * 10) / 10,
          open: resolvedAt === null,
          severe: dispatchedAt !== null && slaMs > 0 && end.getTime() - dispatchedAt.getTime() >= 2 * slaMs,
          status: CASE_STATUS_LABELS[r.status as CaseStatus] ?? String(r.status),
        };
      })
      .sort((a, b) => b.overdueHours - a.overdueHours);
  }

  /** Cases sent back for rework (verify failed or reopened) in the period, most reworked first. */
  private async reworked(range: string[]): Promise<CircularReworkCase[]> {
    const rows: Row[] = await this.db.query(
      `SELECT c.id, c.status, c.categoryCode, c.address, cat.name AS category, d.name AS department, COUNT(*) AS reworks
       FROM case_events e JOIN cases c ON c.id = e.caseId LEFT JOIN categories cat ON cat.code = c.categoryCode LEFT JOIN departments d ON d.id = c.departmentId
       WHERE e.action IN ('verify_fail', 'reopen') AND e.createdAt >= ? AND e.createdAt < ?
       GROUP BY c.id, c.status, c.categoryCode, c.address, cat.name, d.name
       ORDER BY reworks DESC, c.id ASC LIMIT ${LIST_LIMIT}`,
      range,
    );
    return rows.map((r) => ({
      caseId: num(r.id),
      category: String(r.category ?? r.categoryCode),
      address: r.address ? String(r.address) : '—',
      department: String(r.department ?? '—'),
      reworks: num(r.reworks),
      status: CASE_STATUS_LABELS[r.status as CaseStatus] ?? String(r.status),
    }));
  }
}

/** mysql2 gives Date objects; SQLite gives UTC text without a zone. */
function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d{2}:\d{2}$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CASE_STATUS_RESIDENT_LABELS, type CaseStatus, DEPARTMENT_TYPE_LABELS, OPEN_CASE_STATUSES, coarsen } from '@sansui/shared';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CategoriesService } from '../categories/categories.service';
import { isPublicHttpUrl } from '../common/http/public-url';
import { AppException } from '../common/errors/app-exception';
import { ReportPhotos } from '../reports/report-photos';
import { ReportsService } from '../reports/reports.service';
import { ReportRepository } from '../reports/report.repository';
import { UserRepository } from '../users/user.repository';
import { Open311Client } from './open311-client.entity';

export interface Open311Service_ {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

const DEFAULT_DAYS = 90;
const MAX_RESULTS = 1000;
const CLOSED: CaseStatus[] = ['closed', 'rejected', 'merged'];

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new AppException('VALIDATION_FAILED', '参数格式错误');
}

function parseDate(v: unknown, name: string): Date | undefined {
  const s = str(v);
  if (s === undefined || s === '') return undefined;
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(d.getTime()))
    throw new AppException('VALIDATION_FAILED', `${name} 必须是 ISO 8601 时间`);
  return d;
}

function parseCoord(v: unknown, name: string): number {
  const s = str(v);
  const n = s === undefined || s.trim() === '' ? NaN : Number(s);
  if (!Number.isFinite(n)) throw new AppException('VALIDATION_FAILED', `${name} 必须是数字（本系统要求提供 lat 和 long）`);
  return n;
}

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over categories and cases: services are
 * categories; a service request is a report (its id), with the status of the case working it.
 * POSTs go through the same intake pipeline as the mini-program, owned by the API client's system user.
 */
@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly photos: ReportPhotos,
    private readonly reportRows: ReportRepository,
    private readonly categories: CategoriesService,
    private readonly users: UserRepository,
  ) {}

  async services(): Promise<Open311Service_[]> {
    const rows = await this.categories.list();
    return rows.map((c) => ({
      service_code: c.code,
      service_name: c.name,
      description: c.hint,
      metadata: false,
      type: 'realtime',
      keywords: c.name
        .split(/[、/，,\s"“”]+/)
        .filter(Boolean)
        .join(','),
      group: DEPARTMENT_TYPE_LABELS[c.defaultDepartmentType] ?? '其他',
    }));
  }

  async list(q: Record<string, unknown>, now = new Date()): Promise<Open311Request[]> {
    const qb = this.reportRows.open311Requests();
    const ids = str(q.service_request_id);
    if (ids) {
      const list = ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.some((s) => !/^\d{1,10}$/.test(s))) throw new AppException('VALIDATION_FAILED', 'service_request_id 格式错误');
      qb.andWhere('r.id IN (:...ids)', { ids: list.map(Number) });
    } else {
      const code = str(q.service_code);
      if (code) qb.andWhere('r.categoryCode IN (:...codes)', { codes: code.split(',').map((s) => s.trim()) });
      const end = parseDate(q.end_date, 'end_date');
      const start = parseDate(q.start_date, 'start_date') ?? new Date((end ?? now).getTime() - DEFAULT_DAYS * 86400_000);
      qb.andWhere('r.createdAt >= :start', { start });
      if (end) qb.andWhere('r.createdAt <= :end', { end });
      const status = str(q.status);
      if (status) {
        const wanted = status.split(',').map((s) => s.trim());
        if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw new AppException('VALIDATION_FAILED', 'status 只能是 open 或 closed');
        if (wanted.length === 1)
          qb.andWhere(`c.status ${wanted[0] === 'open' ? 'IN' : 'NOT IN'} (:...open)`, { open: [...OPEN_CASE_STATUSES] });
      }
    }
    const rows = await qb.orderBy('r.createdAt', 'DESC').addOrderBy('r.id', 'DESC').limit(MAX_RESULTS).getRawMany();
    return this.toRequests(rows);
  }

  async one(id: string): Promise<Open311Request[]> {
    if (!/^\d{1,10}$/.test(id)) throw new AppException('OPEN311_REQUEST_NOT_FOUND');
    const rows = await this.reportRows
      .open311Requests()
      .andWhere('r.id = :id', { id: Number(id) })
      .getRawMany();
    if (rows.length === 0) throw new AppException('OPEN311_REQUEST_NOT_FOUND');
    return this.toRequests(rows);
  }

  async create(
    body: Record<string, unknown>,
  ): Promise<{ service_request_id: string; service_notice: string; account_id: string | null }[]> {
    const client = await this.authenticate(str(body.api_key));
    const code = str(body.service_code);
    if (!code) throw new AppException('VALIDATION_FAILED', 'service_code 必填');
    if (!(await this.categories.find(code))?.enabled) throw new AppException('OPEN311_SERVICE_UNKNOWN');
    const lat = parseCoord(body.lat, 'lat');
    const lng = parseCoord(body.long, 'long');
    const description = str(body.description) ?? null;
    const mediaUrl = str(body.media_url);
    if (mediaUrl && (mediaUrl.length > 1000 || !isPublicHttpUrl(mediaUrl)))
      throw new AppException('VALIDATION_FAILED', 'media_url 必须是公网可访问的 http(s) 地址');
    const name = [str(body.first_name), str(body.last_name)].filter(Boolean).join(' ').slice(0, 100) || null;
    const phone = str(body.phone)?.slice(0, 20) ?? null;
    const email = str(body.email)?.slice(0, 200) ?? null;
    // GeoReport v2 address_string: the caller's own words for the place; kept as the address (coordinates are still required).
    const addressString = str(body.address_string)?.trim().slice(0, 200) || null;
    const { report } = await this.reports.submit(
      { userId: client.userId!, openid: null, source: 'open311', actorRole: 'system' },
      {
        kind: 'snap',
        categoryCode: code,
        description,
        location: { lat, lng },
        photoIds: [],
        clientRequestId: `o311-${randomUUID().replace(/-/g, '')}`,
        contactName: name,
        contactPhone: phone,
        externalId: str(body.device_id)?.slice(0, 64) ?? null,
        address: addressString,
        triageExtra: { open311: { clientId: client.id, clientName: client.name, mediaUrl: mediaUrl ?? null, email } },
      },
    );
    return [{ service_request_id: String(report.id), service_notice: '已收到，将由爱卫办受理', account_id: null }];
  }

  /** Creates an API client and its system user; returns the client. The key itself is not stored. */
  async createClient(em: EntityManager, name: string, apiKey: string): Promise<Open311Client> {
    const existing = await em.getRepository(Open311Client).findOne({ where: { keyHash: hashApiKey(apiKey) } });
    if (existing) return existing;
    const user = await this.users.createSystemAccount(em, {
      username: `open311-${hashApiKey(apiKey).slice(0, 12)}`,
      displayName: `Open311：${name}`.slice(0, 64),
    });
    return em
      .getRepository(Open311Client)
      .save(em.getRepository(Open311Client).create({ name, keyHash: hashApiKey(apiKey), active: true, userId: user.id }));
  }

  private async authenticate(apiKey: string | undefined): Promise<Open311Client> {
    if (!apiKey) throw new AppException('OPEN311_API_KEY_INVALID');
    const client = await this.db.getRepository(Open311Client).findOne({ where: { keyHash: hashApiKey(apiKey), active: true } });
    if (!client || !client.userId) throw new AppException('OPEN311_API_KEY_INVALID');
    return client;
  }

  private async toRequests(rows: Record<string, unknown>[]): Promise<Open311Request[]> {
    const ids = rows.map((r) => Number(r.id));
    const photos = (await this.photos.cardsOfReports(ids)).filter((p) => p.role === 'evidence' || p.role === 'before');
    const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v).replace(' ', 'T') + (String(v).endsWith('Z') ? '' : 'Z')));
    return rows.map((r) => {
      const status = ((r.status === 'merged' && r.masterStatus) || r.status) as CaseStatus;
      const hide = r.contentCheck === 'risky' || r.flagged === true || r.flagged === 1;
      const photo = photos.find((p) => p.reportId === Number(r.id) && p.contentCheck !== 'risky');
      const url = photo ? this.photos.dto(photo, true).url : '';
      return {
        service_request_id: String(r.id),
        status: CLOSED.includes(status) ? 'closed' : 'open',
        status_notes: CASE_STATUS_RESIDENT_LABELS[status] ?? '',
        service_name: String(r.categoryName ?? r.categoryCode),
        service_code: String(r.categoryCode),
        description: hide ? null : ((r.description as string | null) ?? null),
        agency_responsible: (r.departmentName as string | null) ?? null,
        service_notice: null,
        requested_datetime: toDate(r.createdAt).toISOString(),
        updated_datetime: toDate(r.updatedAt).toISOString(),
        expected_datetime: r.deadline ? toDate(r.deadline).toISOString() : null,
        address: (r.address as string | null) || (r.caseAddress as string | null) || ((r.gridName as string | null) ?? null),
        lat: coarsen(Number(r.lat)),
        long: coarsen(Number(r.lng)),
        media_url: url || null,
      };
    });
  }
}

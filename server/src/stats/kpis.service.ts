import { Injectable } from '@nestjs/common';
import type { DepartmentKpisResponse, GridStatDto, TrendPointDto } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { DepartmentKpisService } from './department-kpis.service';
import type { GridStatsQuery, StatsPeriodQuery } from './dto/kpis.dto';
import { kpiScope } from './kpi-access';
import { parsePeriod } from './stats-period';

/** The HTTP face of the KPIs: period parsing and the caller's department scope. */
@Injectable()
export class KpisService {
  constructor(private readonly kpis: DepartmentKpisService) {}

  async departments(user: AuthUser, q: StatsPeriodQuery): Promise<DepartmentKpisResponse> {
    const p = parsePeriod(q.from, q.to);
    return { from: p.from.toISOString(), to: p.to.toISOString(), items: await this.kpis.departments(p, kpiScope(user)) };
  }

  grids(user: AuthUser, q: GridStatsQuery): Promise<GridStatDto[]> {
    return this.kpis.grids(parsePeriod(q.from, q.to), q.categoryCode, kpiScope(user));
  }

  trends(user: AuthUser, q: StatsPeriodQuery): Promise<TrendPointDto[]> {
    return this.kpis.trends(parsePeriod(q.from, q.to), kpiScope(user));
  }
}

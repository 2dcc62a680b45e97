import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DepartmentKpiDto, DepartmentKpisResponse, GridStatDto, TrendPointDto } from '@sansui/shared';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class StatsPeriodQuery {
  @ApiPropertyOptional({ description: '开始：日期 2026-11-01（北京时间当日 0 点）或 ISO 时间；默认 30 天前', example: '2026-11-01' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ description: '结束：日期（含当日）或 ISO 时间；默认现在', example: '2026-11-30' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class GridStatsQuery extends StatsPeriodQuery {
  @ApiPropertyOptional({ description: '只统计某一分类', example: 'exposed_garbage' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'categoryCode 格式不正确' })
  categoryCode?: string;
}

export class CircularQuery extends StatsPeriodQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'html'], default: 'html', description: 'xlsx：Excel 文件；html：可打印的 A4 页面' })
  @IsOptional()
  @IsIn(['xlsx', 'html'], { message: 'format 只能是 xlsx 或 html' })
  format?: 'xlsx' | 'html';
}

export class DepartmentKpiResponse implements DepartmentKpiDto {
  @ApiProperty() departmentId: number;
  @ApiProperty() departmentName: string;
  @ApiProperty({ description: '时段内派遣到本部门的案卷数' }) received: number;
  @ApiProperty({ description: '时段内结案数' }) closed: number;
  @ApiProperty({ type: Number, nullable: true, description: '按期处置率（0–1）：结案时未超过处置期限的比例' }) onTimeRate: number | null;
  @ApiProperty({ description: '证据已核实的结案数（现场取证全部核验通过）' }) closedVerified: number;
  @ApiProperty({ type: Number, nullable: true, description: '证据未核实占比（0–1）：结案中处置证据未核实或缺失的比例' }) unverifiedRate:
    number | null;
  @ApiProperty({ description: '当前超期未办结（不含本部门已退单的案卷）' }) overdue: number;
  @ApiProperty({ description: '时段内退单数' }) returns: number;
  @ApiProperty({ description: '时段内返工数（核查不通过、重新派遣）' }) reworks: number;
  @ApiProperty({ description: '时段内处置完毕次数' }) resolved: number;
  @ApiProperty({ type: Number, nullable: true, description: '返工率 = 返工 / 处置完毕' }) reworkRate: number | null;
  @ApiProperty({ description: '时段内首次派遣到本部门、从未退单或改派他部门的案卷数（首次派准）' }) firstTimeRight: number;
  @ApiProperty({ type: Number, nullable: true, description: '首次派准率 = 首次派准 / 时段内首次派遣到本部门的案卷' }) firstTimeRightRate:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: '派遣到处置完毕的时长中位数（小时）' }) medianHandlingHours: number | null;
  @ApiProperty({ description: '时段内居民评价数' }) feedbackTotal: number;
  @ApiProperty({ description: '其中“已解决/满意”' }) feedbackSatisfied: number;
  @ApiProperty({ type: Number, nullable: true, description: '满意率（0–1）' }) satisfactionRate: number | null;
}

export class DepartmentKpisResponseDto implements DepartmentKpisResponse {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [DepartmentKpiResponse] }) items: DepartmentKpiResponse[];
}

export class GridStatResponse implements GridStatDto {
  @ApiProperty({ type: Number, nullable: true }) gridId: number | null;
  @ApiProperty({ type: String, nullable: true }) gridName: string | null;
  @ApiProperty() categoryCode: string;
  @ApiProperty() count: number;
}

export class TrendPointResponse implements TrendPointDto {
  @ApiProperty({ description: '北京时间日期', example: '2026-11-01' }) day: string;
  @ApiProperty() reported: number;
  @ApiProperty() closed: number;
  @ApiProperty({ description: '当日到期且未按期处置的案卷数' }) overdue: number;
}

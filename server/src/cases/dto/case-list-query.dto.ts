import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_LIST_ASSIGNED_FILTERS,
  CASE_LIST_EXTENSION_FILTERS,
  type CaseListAssignedFilter,
  type CaseListExtensionFilter,
  type CaseListFilter,
  type CaseListSort,
} from '@sansui/shared';
import { Transform, Type } from 'class-transformer';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const SORTS: CaseListSort[] = ['deadline', '-deadline', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'meTooCount', '-meTooCount'];

const PAGE = { message: '页码须为 1 到 100000 之间的整数' };
const PAGE_SIZE = { message: '每页条数须为 1 到 100 之间的整数' };
const CURSOR = { message: '翻页位置无效，请回到第一页' };

export class CaseListQueryDto implements CaseListFilter {
  @ApiPropertyOptional({ default: 1, description: '按偏移翻页（旧客户端）；深翻页请用 after/before' })
  @IsOptional()
  @Type(() => Number)
  @IsInt(PAGE)
  @Min(1, PAGE)
  @Max(100_000, PAGE)
  page?: number;
  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt(PAGE_SIZE)
  @Min(1, PAGE_SIZE)
  @Max(100, PAGE_SIZE)
  pageSize?: number;
  @ApiPropertyOptional({ description: '上一页返回的 next：取其后的一页（与 page 不同时使用）' })
  @IsOptional()
  @IsString(CURSOR)
  @MaxLength(200, CURSOR)
  after?: string;
  @ApiPropertyOptional({ description: '当前页返回的 prev：取其前的一页' })
  @IsOptional()
  @IsString(CURSOR)
  @MaxLength(200, CURSOR)
  before?: string;
  @ApiPropertyOptional({ description: '状态，可多个用逗号分隔，如 dispatched,in_progress' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  status?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) categoryCode?: string;
  @ApiPropertyOptional({ description: '超期（截止时间已过且在派遣/处置中）' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) gridId?: number;
  @ApiPropertyOptional({ description: '案卷编号（数字），或描述、地址、地标中的文字' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: '创建时间起（ISO 8601）' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: '创建时间止（不含，ISO 8601）' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({
    enum: SORTS,
    default: '-createdAt',
    description: '排序；待办队列用 deadline（最紧急在前）；-meTooCount：受影响人数多的在前',
  })
  @IsOptional()
  @IsIn(SORTS)
  sort?: CaseListSort;
  @ApiPropertyOptional({ enum: CASE_LIST_EXTENSION_FILTERS, description: 'pending：只看有待审批延期申请的案卷（仍受本部门范围限制）' })
  @IsOptional()
  @IsIn(CASE_LIST_EXTENSION_FILTERS as unknown as string[])
  extension?: CaseListExtensionFilter;
  @ApiPropertyOptional({ enum: CASE_LIST_ASSIGNED_FILTERS, description: 'me：只看本人负责（接单或被改派）的案卷' })
  @IsOptional()
  @IsIn(CASE_LIST_ASSIGNED_FILTERS as unknown as string[])
  assignedTo?: CaseListAssignedFilter;
}

export class CircularListQueryDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) page?: number;
  @ApiPropertyOptional({ default: 20, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
  @ApiPropertyOptional({ description: '只列仍在处置中的案卷' }) @IsOptional() @Transform(toBool) @IsBoolean() openOnly?: boolean;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
  @ApiPropertyOptional({ description: '列入通报时间起（ISO 8601）' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: '列入通报时间止（不含）' }) @IsOptional() @IsISO8601() to?: string;
}

/** GET /cases/reopen-requests: one state of the residents' "没有解决" requests, paged. */
export class ReopenRequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['pending', 'accepted', 'declined'],
    default: 'pending',
    description: 'pending 待决定，accepted 已重新派遣，declined 已驳回',
  })
  @IsOptional()
  @IsIn(['pending', 'accepted', 'declined'])
  status?: 'pending' | 'accepted' | 'declined';
}

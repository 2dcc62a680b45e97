import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUPERVISION_STATES, type IssueSupervisionRequest, type SupervisionReplyRequest, type SupervisionState } from '@sansui/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

export class IssueSupervisionDto implements IssueSupervisionRequest {
  @ApiProperty({ example: '2026-12-15', description: '回复期限（当天 24 时前，北京时间）' })
  @IsString()
  deadline: string;

  @ApiPropertyOptional({ example: '请于期限前完成整改并上传整改后照片' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  requirement?: string;
}

export class SupervisionReplyDto implements SupervisionReplyRequest {
  @ApiProperty({ example: '已组织保洁人员清理，并增加巡查频次' })
  @IsString()
  text: string;

  @ApiPropertyOptional({ type: [Number], description: '整改后照片（先上传，最多 9 张）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsInt({ each: true })
  photoIds?: number[];
}

export class SupervisionListQuery {
  @ApiPropertyOptional({ example: 12 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  roundId?: number;

  @ApiPropertyOptional({ enum: SUPERVISION_STATES })
  @IsOptional()
  @IsIn(SUPERVISION_STATES)
  state?: SupervisionState;
}

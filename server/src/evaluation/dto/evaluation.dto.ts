import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  DigitalMix,
  EvaluationPublicationDto,
  EvaluationSettingsDto,
  EvaluationWeights,
  LeaderScoreDto,
  LeaderScoresDto,
  MonthPublishedDto,
  SaveLeaderScoresRequest,
} from '@sansui/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class EvaluationQuery {
  @ApiProperty({ example: '2026-11' })
  @IsOptional()
  @IsString()
  month?: string;
}

export class WeightsDto implements EvaluationWeights {
  @ApiProperty({ example: 0.4 }) @IsNumber() @Min(0) @Max(1) covert: number;
  @ApiProperty({ example: 0.5 }) @IsNumber() @Min(0) @Max(1) open: number;
  @ApiProperty({ example: 0.1 }) @IsNumber() @Min(0) @Max(1) digital: number;
}

export class DigitalMixDto implements DigitalMix {
  @ApiProperty({ example: 0.5, description: '按期办结率' }) @IsNumber() @Min(0) @Max(1) onTime: number;
  @ApiProperty({ example: 0.3, description: '有处置后照片的办结占比' }) @IsNumber() @Min(0) @Max(1) verified: number;
  @ApiProperty({ example: 0.2, description: '群众满意率' }) @IsNumber() @Min(0) @Max(1) satisfaction: number;
}

export class EvaluationSettingsBody implements EvaluationSettingsDto {
  @ApiProperty({ type: WeightsDto }) @IsObject() @ValidateNested() @Type(() => WeightsDto) weights: WeightsDto;
  @ApiProperty({ type: DigitalMixDto }) @IsObject() @ValidateNested() @Type(() => DigitalMixDto) digitalMix: DigitalMixDto;
  @ApiProperty({ example: 0, description: '季度评比中领导评价的权重（0 = 不用）' }) @IsNumber() @Min(0) @Max(1) leaderWeight: number;
}

export class GridEvaluationQuery extends EvaluationQuery {
  @ApiProperty({ example: 1, description: '区域（区）编号' })
  @Type(() => Number)
  @IsInt()
  areaId: number;
}

export class QuarterQuery {
  @ApiProperty({ example: '2026-Q4' })
  @IsOptional()
  @IsString()
  quarter?: string;
}

export class EvaluationPublicationResponse implements EvaluationPublicationDto {
  @ApiProperty({ example: '2026-12-01T02:00:00.000Z' }) at: string;
  @ApiProperty({ example: 3 }) byUserId: number;
}

export class MonthPublishedResponse implements MonthPublishedDto {
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({ type: EvaluationPublicationResponse }) published: EvaluationPublicationResponse;
}

export class BriefingDocumentQuery extends EvaluationQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'html'], default: 'html', description: 'xlsx：Excel 文件；html：可打印的 A4 页面' })
  @IsOptional()
  @IsIn(['xlsx', 'html'], { message: 'format 只能是 xlsx 或 html' })
  format?: 'xlsx' | 'html';
}

export class LeaderScoreItemBody {
  @ApiProperty({ example: 1, description: '区域编号' }) @IsInt() areaId: number;
  @ApiProperty({
    example: 925.5,
    nullable: true,
    type: Number,
    description: '领导评价（0–1000，最多两位小数）；null 表示删除该区域本季度的评价',
  })
  @ValidateIf((_, v) => v !== null)
  @IsNumber()
  score: number | null;
  @ApiPropertyOptional({
    example: '整改积极，群众反映好',
    maxLength: 200,
    nullable: true,
    type: String,
    description: '备注；不填或 null 表示无备注',
  })
  @IsOptional()
  @IsString()
  note?: string | null;
}

export class SaveLeaderScoresBody implements SaveLeaderScoresRequest {
  @ApiProperty({ type: [LeaderScoreItemBody] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => LeaderScoreItemBody)
  items: LeaderScoreItemBody[];
}

export class LeaderScoreResponse implements LeaderScoreDto {
  @ApiProperty({ example: 1 }) areaId: number;
  @ApiProperty({ example: '西湖区' }) areaName: string;
  @ApiProperty({ example: 925.5 }) score: number;
  @ApiProperty({ example: '整改积极', nullable: true, type: String }) note: string | null;
  @ApiProperty({ example: 1 }) enteredByUserId: number;
  @ApiProperty({ example: '2026-12-31T02:00:00.000Z' }) updatedAt: string;
}

export class LeaderScoresResponse implements LeaderScoresDto {
  @ApiProperty({ example: '2026-Q4' }) quarter: string;
  @ApiProperty({ example: 0.2, description: '季度评比中领导评价的权重' }) leaderWeight: number;
  @ApiProperty({ type: [LeaderScoreResponse] }) items: LeaderScoreResponse[];
}

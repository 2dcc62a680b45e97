import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MONITORING_REASONS,
  type MonitoringEventDto,
  type MonitoringPointDto,
  type MonitoringPointsDto,
  type MonitoringReason,
} from '@sansui/shared';
import { Type } from 'class-transformer';
import { IsInt, IsOptional } from 'class-validator';

export class MonitoringPointsQuery {
  @ApiPropertyOptional({ example: 2, description: '只列这个区域（区、街道、社区或网格）内的点位' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'areaId 必须是整数' })
  areaId?: number;

  @ApiPropertyOptional({ example: 12, description: '只列这一轮检查的区域内的点位（安排复查用）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'roundId 必须是整数' })
  roundId?: number;
}

export class MonitoringEventResponse implements MonitoringEventDto {
  @ApiProperty({ enum: ['case', 'finding'] }) kind: 'case' | 'finding';
  @ApiProperty({ example: 321, description: '案件编号或检查发现编号' }) id: number;
  @ApiProperty({ example: 12, nullable: true, type: Number, description: '检查发现所属轮次' }) roundId: number | null;
  @ApiProperty({ example: '2026-11-20T02:00:00.000Z' }) at: string;
}

export class MonitoringPointResponse implements MonitoringPointDto {
  @ApiProperty({ example: 'litter:case:321', description: '点位标识（分类与点位中心的事件）' }) key: string;
  @ApiProperty({ example: 'litter' }) categoryCode: string;
  @ApiProperty({ example: '垃圾乱扔' }) categoryName: string;
  @ApiProperty({ example: 30.2741 }) lat: number;
  @ApiProperty({ example: 120.1551 }) lng: number;
  @ApiProperty({ example: 2, nullable: true, type: Number }) areaId: number | null;
  @ApiProperty({ example: '西湖区', nullable: true, type: String }) areaName: string | null;
  @ApiProperty({ example: 31, nullable: true, type: Number }) gridId: number | null;
  @ApiProperty({ example: '文三路01网格', nullable: true, type: String }) gridName: string | null;
  @ApiProperty({ example: '杭州市西湖区文三路 100 号', nullable: true, type: String }) address: string | null;
  @ApiProperty({ enum: MONITORING_REASONS }) reason: MonitoringReason;
  @ApiProperty({ example: '90 天内同类问题 3 件以上' }) reasonText: string;
  @ApiProperty({ example: '2026-11-20T02:00:00.000Z', description: '列为重点监控点位的时间' }) since: string;
  @ApiProperty({ example: '2026-11-28T02:00:00.000Z', description: '最近一次案件或检查发现的时间' }) lastEventAt: string;
  @ApiProperty({ example: 7, description: '此后已连续干净的整天数（北京时间）' }) cleanDays: number;
  @ApiProperty({ example: '2027-01-28', description: '若无新问题，移出名单的日期（北京时间）' }) clearsOn: string;
  @ApiProperty({ example: 3 }) caseCount: number;
  @ApiProperty({ example: 1 }) findingCount: number;
  @ApiProperty({ type: [MonitoringEventResponse] }) events: MonitoringEventResponse[];
}

class MonitoringRulesResponse {
  @ApiProperty({ example: 3 }) caseThreshold: number;
  @ApiProperty({ example: 90 }) windowDays: number;
  @ApiProperty({ example: 60 }) cleanDays: number;
}

export class MonitoringPointsResponse implements MonitoringPointsDto {
  @ApiProperty({ example: '2026-12-05T02:00:00.000Z' }) asOf: string;
  @ApiProperty({ type: MonitoringRulesResponse }) rules: MonitoringRulesResponse;
  @ApiProperty({ type: [MonitoringPointResponse] }) items: MonitoringPointResponse[];
}

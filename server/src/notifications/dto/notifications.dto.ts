import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SubscriptionGrantRequest } from '@sansui/shared';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class SubscriptionGrantDto implements SubscriptionGrantRequest {
  @ApiProperty({ description: 'wx.requestSubscribeMessage 中用户点了“允许”的模板 id（一次最多 3 个）', isArray: true, type: String })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3, { message: '一次最多订阅 3 个模板' })
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  templateIds: string[];
}

export class NoticeListQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
  @ApiPropertyOptional({ description: '只看未读' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { FeedbackRequest } from '@sansui/shared';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

export class FeedbackDto implements FeedbackRequest {
  @ApiProperty({ description: 'true 解决了 / false 没有解决（7 天内，需附照片，由调度员决定是否重新派遣）' })
  @IsBoolean({ message: '请选择是否解决' })
  satisfied: boolean;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500, { message: '评价不能超过 500 字' })
  comment?: string;

  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @ArrayMaxSize(9, { message: '最多 9 张照片' }) @IsInt({ each: true })
  photoIds?: number[];
}

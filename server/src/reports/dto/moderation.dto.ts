import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { MODERATION_VERDICTS, type ModerationDecisionInput, type ModerationVerdict } from '@sansui/shared';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';

export class ModerationQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['pending', 'decided'],
    default: 'pending',
    description: 'pending 待审核（最早的在前），decided 已审核（最新的在前）',
  })
  @IsOptional()
  @IsIn(['pending', 'decided'], { message: '状态只能是 pending 或 decided' })
  status?: 'pending' | 'decided';
}

export class ModerationDecisionDto implements ModerationDecisionInput {
  @ApiProperty({
    enum: MODERATION_VERDICTS,
    description: 'approve 审核通过（hiddenPhotoIds 之外的照片恢复显示），reject 以“违规内容”不予受理（照片全部隐藏）',
  })
  @IsIn(MODERATION_VERDICTS, { message: '审核结论只能是通过或驳回' })
  verdict: ModerationVerdict;

  @ApiPropertyOptional({ type: [Number], description: 'approve：继续隐藏的照片（须是这条上报的照片）' })
  @IsOptional()
  @IsArray({ message: '要隐藏的照片格式不正确' })
  @ArrayMaxSize(18, { message: '照片太多' })
  @IsInt({ each: true, message: '要隐藏的照片格式不正确' })
  hiddenPhotoIds?: number[];

  @ApiPropertyOptional({ maxLength: 200, description: '说明；驳回时必填，写入案卷时间线' })
  @IsOptional()
  @IsString({ message: '说明必须是文字' })
  @MaxLength(200, { message: '说明不能超过 200 字' })
  note?: string;
}

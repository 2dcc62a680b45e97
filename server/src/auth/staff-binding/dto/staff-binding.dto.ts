import { ApiProperty } from '@nestjs/swagger';
import type { CreateStaffBindCodeRequest, StaffBindCodeDto, StaffWechatBindingDto } from '@sansui/shared';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';

export class CreateStaffBindCodeDto implements CreateStaffBindCodeRequest {
  @ApiProperty({ description: '工作人员账号 id' })
  @Type(() => Number)
  @IsInt({ message: 'userId 必须是整数' })
  @Min(1, { message: 'userId 必须是正整数' })
  userId: number;
}

export class StaffBindCodeSchema implements StaffBindCodeDto {
  @ApiProperty() userId: number;
  @ApiProperty({ description: '一次性绑定码，只显示这一次（服务器只保存其哈希）', example: 'K7QM-3XHD' }) code: string;
  @ApiProperty({ description: '过期时间（生成后 24 小时）' }) expiresAt: string;
}

export class StaffWechatBindingSchema implements StaffWechatBindingDto {
  @ApiProperty() userId: number;
  @ApiProperty() boundAt: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UploadResponse } from '@sansui/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** Form fields of POST /uploads besides the file. */
export class UploadPhotoDto {
  @ApiProperty({ type: 'string', format: 'binary', description: '照片文件（JPG / PNG / WebP，不超过 10MB）' })
  file?: unknown;

  @ApiPropertyOptional({ description: '居民同意保留照片中的拍摄时间和位置（单独保存，图片本身始终去除 EXIF）', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'keepLocation 只能是 true 或 false' })
  keepLocation?: boolean;
}

export class UploadResponseDto implements UploadResponse {
  @ApiProperty() id: number;
  @ApiProperty({ description: '原图（已压缩、去除 EXIF）的签名链接' }) url: string;
  @ApiProperty({ description: '缩略图（320 像素）的签名链接' }) thumbUrl: string;
  @ApiProperty() width: number;
  @ApiProperty() height: number;
}

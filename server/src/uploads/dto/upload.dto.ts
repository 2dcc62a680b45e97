import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaptureFactsDto, CaptureSource, UploadResponse } from '@sansui/shared';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsNumber, IsOptional, Max, Min } from 'class-validator';

/** Multipart fields arrive as text: "31.2" → 31.2; anything not a finite number stays as is and fails validation. */
const toNumber = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string' || value.trim() === '') return value;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
};

/** Form fields of POST /uploads besides the file. */
export class UploadPhotoDto {
  @ApiProperty({ type: 'string', format: 'binary', description: '照片文件（JPG / PNG / WebP，不超过 10MB）' })
  file?: unknown;

  @ApiPropertyOptional({ description: '居民同意保留照片中的拍摄时间和位置（单独保存，图片本身始终去除 EXIF）', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean({ message: 'keepLocation 只能是 true 或 false' })
  keepLocation?: boolean;

  @ApiPropertyOptional({ description: '拍摄时间（ISO 8601，设备拍照时的时间）', example: '2026-12-05T09:30:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'capturedAt 必须是 ISO 8601 时间' })
  capturedAt?: string;

  @ApiPropertyOptional({ description: '拍摄时设备位置纬度（GCJ-02），与 lng 同时提供', example: 31.2304 })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lat 必须是数字' })
  @Min(-90, { message: 'lat 应在 -90 到 90 之间' })
  @Max(90, { message: 'lat 应在 -90 到 90 之间' })
  lat?: number;

  @ApiPropertyOptional({ description: '拍摄时设备位置经度（GCJ-02），与 lat 同时提供', example: 121.4737 })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'lng 必须是数字' })
  @Min(-180, { message: 'lng 应在 -180 到 180 之间' })
  @Max(180, { message: 'lng 应在 -180 到 180 之间' })
  lng?: number;

  @ApiPropertyOptional({ description: '定位精度（米）', example: 15 })
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'accuracyM 必须是数字' })
  @Min(0, { message: 'accuracyM 不能为负数' })
  @Max(100_000, { message: 'accuracyM 过大' })
  accuracyM?: number;

  @ApiPropertyOptional({ enum: ['camera', 'album'], description: '照片来源：camera 现场拍摄，album 从相册选择' })
  @IsOptional()
  @IsIn(['camera', 'album'], { message: 'source 只能是 camera 或 album' })
  source?: CaptureSource;
}

export class CaptureFactsSchema implements CaptureFactsDto {
  @ApiProperty({ type: Number, nullable: true }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true }) lng: number | null;
  @ApiProperty({ type: String, nullable: true, description: '拍摄时间' }) at: string | null;
  @ApiProperty({ enum: ['camera', 'album'], nullable: true }) source: CaptureSource | null;
  @ApiProperty({ type: Number, nullable: true, description: '定位精度（米）' }) accuracyM: number | null;
}

export class UploadResponseDto implements UploadResponse {
  @ApiProperty() id: number;
  @ApiProperty({ description: '原图（已压缩、去除 EXIF）的签名链接' }) url: string;
  @ApiProperty({ description: '缩略图（320 像素）的签名链接' }) thumbUrl: string;
  @ApiProperty() width: number;
  @ApiProperty() height: number;
  @ApiProperty({ type: CaptureFactsSchema, description: '客户端声明的拍摄信息（未知为 null）' }) capture: CaptureFactsDto;
}

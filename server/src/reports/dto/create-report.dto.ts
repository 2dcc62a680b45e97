import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_KINDS, type CreateReportRequest, type LatLng, type ReportKind } from '@sansui/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/**
 * Shape checks only (types, sane sizes). The product rules — photo counts, description length,
 * coordinate ranges, clientRequestId format — are checked in ReportsService so that each answers
 * with its own stable code (PHOTO_COUNT_INVALID, DESCRIPTION_TOO_LONG, LOCATION_INVALID …).
 */
export class LatLngDto implements LatLng {
  @ApiProperty({ example: 31.2304, description: '纬度（GCJ-02）' }) @IsNumber({ allowNaN: true, allowInfinity: true }, { message: '纬度必须是数字' }) lat: number;
  @ApiProperty({ example: 121.4737, description: '经度（GCJ-02）' }) @IsNumber({ allowNaN: true, allowInfinity: true }, { message: '经度必须是数字' }) lng: number;
}

export class CreateReportDto implements CreateReportRequest {
  @ApiProperty({ enum: REPORT_KINDS, description: 'snap 随手拍 / pickup 随手捡' })
  @IsIn(REPORT_KINDS, { message: '上报类型只能是随手拍或随手捡' })
  kind: ReportKind;

  @ApiProperty({ example: 'exposed_garbage' }) @IsString({ message: '请选择问题分类' }) @MaxLength(64, { message: '问题分类不存在' })
  categoryCode: string;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString({ message: '问题描述必须是文字' }) @MaxLength(10_000, { message: '问题描述不能超过 500 字' })
  description?: string;

  @ApiProperty({ type: LatLngDto }) @IsObject({ message: '请提供位置' }) @ValidateNested() @Type(() => LatLngDto)
  location: LatLngDto;

  @ApiProperty({ type: [Number], description: '随手拍的照片，或随手捡清理前的照片（1–9 张）' })
  @IsArray({ message: '照片列表格式错误' }) @ArrayMaxSize(50, { message: '请上传 1 到 9 张照片' }) @IsInt({ each: true, message: '照片编号必须是整数' })
  photoIds: number[];

  @ApiPropertyOptional({ type: [Number], description: '随手捡清理后的照片' })
  @IsOptional() @IsArray({ message: '照片列表格式错误' }) @ArrayMaxSize(50, { message: '请上传 1 到 9 张照片' }) @IsInt({ each: true, message: '照片编号必须是整数' })
  afterPhotoIds?: number[];

  @ApiProperty({ example: 'r-20261123-0001', description: '客户端生成的请求编号（8–64 位字母、数字、- 或 _），重试时不变' })
  @IsString({ message: '请求编号格式不正确' }) @MaxLength(200, { message: '请求编号格式不正确' })
  clientRequestId: string;

  @ApiPropertyOptional({ type: LatLngDto, description: '提交时手机所在位置' }) @IsOptional() @IsObject() @ValidateNested() @Type(() => LatLngDto)
  deviceLocation?: LatLngDto;

  @ApiPropertyOptional({ description: '定位精度（米）' }) @IsOptional() @IsNumber() @Min(0) @Max(100_000)
  locationAccuracyM?: number;

  @ApiPropertyOptional({ enum: ['hotline'], description: '调度员代热线来电人登记时填 hotline' }) @IsOptional() @IsIn(['hotline'])
  source?: 'hotline';

  @ApiPropertyOptional({ description: '热线来电人姓名' }) @IsOptional() @IsString() @MaxLength(100)
  contactName?: string;

  @ApiPropertyOptional({ description: '热线来电人电话' }) @IsOptional() @IsString() @MaxLength(20)
  contactPhone?: string;

  /**
   * The DTO the validation pipe would make of a body that every check above accepts, made without class-transformer and
   * class-validator (a fifth of a submission's CPU went to them); `undefined` for any body it is not sure of, which the
   * pipe then checks (and refuses) as before, so every refusal keeps its field, code and message. Must accept nothing
   * the decorators refuse: `create-report-shortcut.spec` compares both on a table of bodies.
   */
  static fromValidBody(body: unknown): CreateReportDto | undefined {
    if (!isPlainObject(body)) return undefined;
    const dto = new CreateReportDto() as unknown as Record<string, unknown>;
    for (const key of Object.keys(body)) {
      const value = body[key];
      if (!Object.hasOwn(REPORT_FIELDS, key) || !REPORT_FIELDS[key as keyof CreateReportDto]?.(value)) return undefined;
      dto[key] = Array.isArray(value) ? [...value] : isPlainObject(value) ? Object.assign(new LatLngDto(), value) : value;
    }
    return REQUIRED.every((key) => key in dto) ? (dto as unknown as CreateReportDto) : undefined;
  }
}

/** An object as JSON.parse makes it (its prototype is an Object.prototype): not an array, a Date or any class's instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto !== null && Object.getPrototypeOf(proto) === null;
}

/** A string within `max` UTF-16 units (validator.js counts a surrogate pair as one: never longer than this). */
const text = (max: number) => (v: unknown) => typeof v === 'string' && v.length <= max;
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === null || v === undefined || check(v);
const photoIds = (v: unknown) => Array.isArray(v) && v.length <= 50 && v.every((id) => Number.isInteger(id));
const latLng = (v: unknown) =>
  isPlainObject(v) && Object.keys(v).length === 2 && typeof v.lat === 'number' && typeof v.lng === 'number';
const REPORT_FIELDS: Partial<Record<keyof CreateReportDto, (v: unknown) => boolean>> = {
  kind: (v) => (REPORT_KINDS as readonly unknown[]).includes(v),
  categoryCode: text(64),
  description: optional(text(10_000)),
  location: latLng,
  photoIds,
  afterPhotoIds: optional(photoIds),
  clientRequestId: text(200),
  deviceLocation: optional(latLng),
  locationAccuracyM: optional((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100_000),
  source: optional((v) => v === 'hotline'),
  contactName: optional(text(100)),
  contactPhone: optional(text(20)),
};
const REQUIRED = ['kind', 'categoryCode', 'location', 'photoIds', 'clientRequestId'];

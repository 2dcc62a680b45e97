import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  REJECT_REASONS,
  type CaseActionRequest,
  type DispatchCaseRequest,
  type ExtensionDecision,
  type ExtensionRequest,
  type LatLng,
  type MergeCaseRequest,
  type RejectCaseRequest,
  type ReassignCaseRequest,
  type RejectReason,
  type ResolveCaseRequest,
  type ReturnCaseRequest,
  type VerifyCaseRequest,
} from '@sansui/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** Fields every action accepts: the version the caller's screen shows, and a note for the timeline. */
export class CaseActionDto implements CaseActionRequest {
  @ApiPropertyOptional({ description: '调用方看到的案卷版本；与当前版本不同时返回 409 CASE_VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class RejectCaseDto extends CaseActionDto implements RejectCaseRequest {
  @ApiProperty({ enum: REJECT_REASONS }) @IsIn(REJECT_REASONS as unknown as string[]) reason: RejectReason;
}

export class MergeCaseDto extends CaseActionDto implements MergeCaseRequest {
  @ApiProperty() @IsInt() @Min(1) masterCaseId: number;
}

export class DispatchCaseDto extends CaseActionDto implements DispatchCaseRequest {
  @ApiPropertyOptional({ description: '不填则采用派遣建议' }) @IsOptional() @IsInt() @Min(1) departmentId?: number;
}

export class ReturnCaseDto extends CaseActionDto implements ReturnCaseRequest {
  @ApiProperty({ maxLength: 500, description: '退单原因' }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class ReassignCaseDto extends CaseActionDto implements ReassignCaseRequest {
  @ApiProperty({ description: '改派给的处置人员（案卷所属部门在岗的处置人员）' }) @IsInt() @Min(1) handlerUserId: number;
}

export class LatLngDto implements LatLng {
  @ApiProperty() @IsNumber() @Min(-90) @Max(90) lat: number;
  @ApiProperty() @IsNumber() @Min(-180) @Max(180) lng: number;
}

export class ResolveCaseDto extends CaseActionDto implements ResolveCaseRequest {
  @ApiProperty({ type: [Number], description: '处置后照片（本人上传，至少一张）' })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(9)
  @IsInt({ each: true })
  @Min(1, { each: true })
  photoIds: number[];

  @ApiPropertyOptional({
    type: LatLngDto,
    description: '照片拍摄位置（GCJ-02，旧客户端用；新客户端在上传照片时随 lat/lng 提交）。只用于没有声明拍摄位置的照片',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => LatLngDto)
  location?: LatLngDto;
}

export class VerifyCaseDto extends CaseActionDto implements VerifyCaseRequest {
  @ApiProperty({ description: 'true 核查结案，false 返工' }) @IsBoolean() passed: boolean;

  @ApiPropertyOptional({
    type: [Number],
    description: '现场核查照片（本人上传，随 lat/lng、capturedAt、source 提交拍摄信息，经证据校验）；不传为案头核查',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsInt({ each: true })
  @Min(1, { each: true })
  photoIds?: number[];
}

export class ExtensionRequestDto extends CaseActionDto implements ExtensionRequest {
  @ApiProperty({ minimum: 1, maximum: 720 }) @IsInt() @Min(1) @Max(720) hours: number;
  @ApiProperty({ maxLength: 500 }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export class ExtensionDecisionDto extends CaseActionDto implements ExtensionDecision {
  @ApiProperty() @IsBoolean() approved: boolean;
}

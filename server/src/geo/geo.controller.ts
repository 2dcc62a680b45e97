import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { GeoWhereDto, MapConfigDto } from '@sansui/shared';
import { Type } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';
import { Public } from '../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { GeoService } from './geo.service';

export class GeoWhereQuery {
  @ApiProperty({ description: '纬度（GCJ-02）' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;
  @ApiProperty({ description: '经度（GCJ-02）' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;
}

export class GeoWhereResponse implements GeoWhereDto {
  @ApiProperty() inServiceArea: boolean;
  @ApiProperty({ type: Number, nullable: true }) gridId: number | null;
  @ApiProperty({ type: String, nullable: true }) gridName: string | null;
  @ApiProperty({ type: String, nullable: true, description: '逆地址解析得到的地址；解析失败或超时为 null' }) address: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) landmark: string | null;
}

@ApiTags('geo')
@Controller('geo')
export class GeoController {
  constructor(
    private readonly geo: GeoService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('where')
  @ApiBearerAuth()
  @ApiOperation({ summary: '选点：是否在服务区、所在网格与地址（登录后可用）' })
  where(@Query() q: GeoWhereQuery): Promise<GeoWhereResponse> {
    return this.geo.where(q.lat, q.lng);
  }

  @Get('map-config')
  @Public()
  @ApiOperation({ summary: '地图底图配置（GCJ-02 瓦片地址模板；未配置时为 null，只画网格）' })
  mapConfig(): MapConfigDto {
    return { tiles: this.config.mapTiles };
  }
}

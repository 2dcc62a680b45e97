import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber } from 'class-validator';
import { Public } from '../common/auth/decorators';
import { AreasService } from './areas.service';

export class LocateQuery {
  @ApiProperty({ description: '纬度（GCJ-02）' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lat: number;

  @ApiProperty({ description: '经度（GCJ-02）' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lng: number;
}

@ApiTags('areas')
@Controller('grids')
export class GridsController {
  constructor(private readonly areas: AreasService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: '服务区网格（GeoJSON FeatureCollection，properties {id, code, name, communityName, streetName, districtName}）',
  })
  grids() {
    return this.areas.gridsGeoJson();
  }

  @Get('locate')
  @Public()
  @ApiOperation({ summary: '查询一个点所在的网格（不在服务区时 grid 为 null）' })
  locate(@Query() q: LocateQuery) {
    return this.areas.locateSummary(q.lat, q.lng);
  }
}

import type { UploadedPart } from '../common/http/multipart';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { AreaImportService } from './area-import.service';
import { AreasService } from './areas.service';
import { GeojsonUploadInterceptor } from './geojson-upload.interceptor';
import { AreaImportDto, AreaImportQuery, CreateAreaDto, UpdateAreaDto } from './dto/area.dto';

@ApiTags('areas')
@Controller('areas')
export class AreasController {
  constructor(
    private readonly areas: AreasService,
    private readonly importer: AreaImportService,
  ) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: '区域树（区 → 街道 → 社区 → 网格），不含边界' })
  tree() {
    return this.areas.tree();
  }

  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: '导入 GeoJSON 区域（dryRun=true 只预览：数量、无效要素及原因、重叠网格）' })
  import(@CurrentUser() user: AuthUser, @Body() body: AreaImportDto, @Query() q: AreaImportQuery) {
    return this.importer.import(user, body.features, q.dryRun === true);
  }

  @Post('import-file')
  @Roles('admin')
  @HttpCode(200)
  @UseInterceptors(GeojsonUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: '.geojson 文件（不超过 30MB）' } } },
  })
  @ApiOperation({ summary: '上传 GeoJSON 文件导入区域（大文件用；dryRun=true 只预览）' })
  importFile(@CurrentUser() user: AuthUser, @UploadedFile() file: UploadedPart | undefined, @Query() q: AreaImportQuery) {
    return this.importer.importFile(user, file?.buffer, q.dryRun === true);
  }

  @Get(':id')
  @Roles(...STAFF_ROLES)
  @ApiOperation({ summary: '区域详情（含边界）' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.areas.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新建区域' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateAreaDto) {
    return this.areas.create(user, body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: '修改区域（名称、编码、上级、边界）' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateAreaDto) {
    return this.areas.update(user, id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '删除未被使用的区域' })
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.areas.remove(user, id);
  }
}

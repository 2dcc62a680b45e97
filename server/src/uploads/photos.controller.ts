import { Controller, Get, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/decorators';
import { PhotoServing } from './photo-serving.service';

/** Photo bytes behind signed URLs (img tags cannot send a bearer token). */
@ApiTags('uploads')
@Controller('photos')
export class PhotosController {
  constructor(private readonly serving: PhotoServing) {}

  @Get(':id/image')
  @Public()
  @ApiProduces('image/jpeg')
  @ApiQuery({ name: 'exp', required: true })
  @ApiQuery({ name: 'sig', required: true })
  @ApiQuery({ name: 'st', required: false })
  @ApiOperation({ summary: '照片原图（需接口返回的签名链接；被内容安全隐藏的照片仅工作人员链接可见）' })
  image(@Param('id', ParseIntPipe) id: number, @Query() q: Record<string, unknown>, @Res() res: FastifyReply) {
    return this.serving.send(id, 'image', q, res);
  }

  @Get(':id/thumb')
  @Public()
  @ApiProduces('image/jpeg')
  @ApiQuery({ name: 'exp', required: true })
  @ApiQuery({ name: 'sig', required: true })
  @ApiQuery({ name: 'st', required: false })
  @ApiOperation({ summary: '照片缩略图（签名链接）' })
  thumb(@Param('id', ParseIntPipe) id: number, @Query() q: Record<string, unknown>, @Res() res: FastifyReply) {
    return this.serving.send(id, 'thumb', q, res);
  }
}

import type { UploadedPart } from '../common/http/multipart';
import { Body, Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { RateLimited } from '../common/http/rate-limit';
import { UploadPhotoDto, UploadResponseDto } from './dto/upload.dto';
import { PhotoUploadInterceptor } from './photo-upload.interceptor';
import { UploadsService } from './uploads.service';

@ApiTags('uploads')
@ApiBearerAuth()
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @HttpCode(201)
  @RateLimited()
  @UseInterceptors(PhotoUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadPhotoDto })
  @ApiOperation({ summary: '上传照片（multipart 字段 file）：校验格式与像素，压缩、去除 EXIF，返回签名链接' })
  @ApiCreatedResponse({
    type: UploadResponseDto,
    description:
      '错误码：FILE_REQUIRED、PHOTO_TOO_LARGE、PHOTO_TYPE_UNSUPPORTED、PHOTO_DIMENSIONS_TOO_LARGE、PHOTO_DIMENSIONS_TOO_SMALL、PHOTO_CORRUPT',
  })
  upload(@CurrentUser() user: AuthUser, @UploadedFile() file: UploadedPart | undefined, @Body() dto: UploadPhotoDto) {
    return this.uploads.upload(user, file, dto);
  }
}

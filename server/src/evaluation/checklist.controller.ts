import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ChecklistService } from './checklist.service';
import { ChecklistResponse, SaveChecklistDto } from './dto/checklist.dto';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('checklist')
export class ChecklistController {
  constructor(private readonly checklist: ChecklistService) {}

  @Get()
  @Roles('inspector', 'dispatcher', 'auditor', 'admin', 'handler', 'dept_manager')
  @ApiOperation({ summary: '当前考评细则（版本号与条目）' })
  @ApiOkResponse({ type: ChecklistResponse })
  get() {
    return this.checklist.currentDto();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: '保存考评细则为新版本（已建的检查轮次仍用原版本）' })
  @ApiOkResponse({ type: ChecklistResponse })
  save(@CurrentUser() user: AuthUser, @Body() body: SaveChecklistDto) {
    return this.checklist.save(user, body.items, body.note);
  }
}

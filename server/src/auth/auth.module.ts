import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { StaffBindingController } from './staff-binding/staff-binding.controller';
import { StaffBindingService } from './staff-binding/staff-binding.service';

/** POST /auth/wechat and /auth/staff, and staff WeChat binding. Token checking itself is global (common/auth). */
@Module({
  imports: [UsersModule],
  controllers: [AuthController, StaffBindingController],
  providers: [AuthService, StaffBindingService],
})
export class AuthModule {}

import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { InvalidationBus } from '../redis/invalidation-bus';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';
import { StaffBindingStatusCache } from './staff-binding-status.cache';
import { UserStatusCache } from './user-status.cache';

/** Token issuing/checking and the global guard; every module relies on it through @Public/@Roles/@CurrentUser. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [InvalidationBus, TokenService, UserStatusCache, StaffBindingStatusCache, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [InvalidationBus, TokenService, UserStatusCache, StaffBindingStatusCache],
})
export class AuthCoreModule {}

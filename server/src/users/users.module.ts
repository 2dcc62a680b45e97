import { Module } from '@nestjs/common';
import { AccountDeletionHooks } from './account-deletion-hooks';
import { UsersController } from './users.controller';
import { UserRepository } from './user.repository';
import { UsersService } from './users.service';

/** Accounts of residents and staff. UsersService.createStaff is what the demo data uses to seed staff. */
@Module({
  controllers: [UsersController],
  providers: [UsersService, AccountDeletionHooks, UserRepository],
  exports: [UsersService, AccountDeletionHooks, UserRepository],
})
export class UsersModule {}

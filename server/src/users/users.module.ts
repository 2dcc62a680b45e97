import { Module } from '@nestjs/common';
import { AccountDeletionHooks } from './account-deletion-hooks';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Accounts of residents and staff. UsersService.createStaff is what the demo data uses to seed staff. */
@Module({ controllers: [UsersController], providers: [UsersService, AccountDeletionHooks], exports: [UsersService, AccountDeletionHooks] })
export class UsersModule {}

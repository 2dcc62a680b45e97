import { Module, type OnModuleInit } from '@nestjs/common';
import { AuditActorNames } from '../audit/audit-actor-names';
import { DepartmentReferenceChecks } from '../departments/department-reference-checks';
import { DepartmentsModule } from '../departments/departments.module';
import { AccountDeletionHooks } from './account-deletion-hooks';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UserRepository } from './user.repository';
import { UsersService } from './users.service';

/** Accounts of residents and staff. UsersService.createStaff is what the demo data uses to seed staff. */
@Module({
  imports: [DepartmentsModule],
  controllers: [UsersController],
  providers: [UsersService, AccountDeletionHooks, UserRepository],
  exports: [UsersService, AccountDeletionHooks, UserRepository],
})
export class UsersModule implements OnModuleInit {
  constructor(
    private readonly departmentReferences: DepartmentReferenceChecks,
    private readonly auditActorNames: AuditActorNames,
    private readonly users: UserRepository,
  ) {}

  onModuleInit(): void {
    this.auditActorNames.register((em, ids) => this.users.displayNames(em, ids));
    this.departmentReferences.register('人员', (em, departmentId) => em.getRepository(User).count({ where: { departmentId } }));
  }
}

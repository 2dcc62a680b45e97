import { Global, Module } from '@nestjs/common';
import { AuditActorNames } from './audit-actor-names';
import { AuditQueryService } from './audit-query.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** Global: every module that performs a privileged action records it through AuditService. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditQueryService, AuditActorNames],
  exports: [AuditService, AuditActorNames],
})
export class AuditModule {}

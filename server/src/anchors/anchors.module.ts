import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AnchorJob } from './anchor.job';
import { AnchorsController } from './anchors.controller';
import { AnchorsService } from './anchors.service';

/** Anchors of the audit chain: the signed head kept, sent to auditors, exported, and checked (docs/domain.md §9). */
@Module({
  imports: [UsersModule],
  controllers: [AnchorsController],
  providers: [AnchorsService, AnchorJob],
  exports: [AnchorsService, AnchorJob],
})
export class AnchorsModule {}

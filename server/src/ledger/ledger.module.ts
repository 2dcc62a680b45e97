import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerEntryRepository } from './ledger-entry.repository';
import { LedgerService } from './ledger.service';

/** The append-only money ledger (台账). Its HTTP endpoints live in PayoutsModule (they need the bill view). */
@Module({
  imports: [TypeOrmModule.forFeature([LedgerEntry])],
  providers: [LedgerEntryRepository, LedgerService],
  exports: [LedgerService],
})
export class LedgerModule {}

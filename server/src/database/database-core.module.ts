import { Global, Module } from '@nestjs/common';
import { AnswerCache } from './answer-cache';
import { DataVersion } from './data-version';
import { DatabaseModule } from './database.module';
import { TableCache } from './table-cache';
import { Transactions } from './transactions';
import { MultiStatementCalls } from './multi-statement';

@Global()
@Module({
  imports: [DatabaseModule],
  providers: [Transactions, TableCache, DataVersion, AnswerCache, MultiStatementCalls],
  exports: [Transactions, TableCache, AnswerCache, MultiStatementCalls],
})
export class DatabaseCoreModule {}

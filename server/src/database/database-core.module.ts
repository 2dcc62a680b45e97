import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from './database.module';
import { TableCache } from './table-cache';
import { Transactions } from './transactions';

@Global()
@Module({ imports: [DatabaseModule], providers: [Transactions, TableCache], exports: [Transactions, TableCache] })
export class DatabaseCoreModule {}

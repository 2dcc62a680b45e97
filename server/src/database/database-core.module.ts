import { Global, Module } from '@nestjs/common';
import { DatabaseModule } from './database.module';
import { Transactions } from './transactions';

@Global()
@Module({ imports: [DatabaseModule], providers: [Transactions], exports: [Transactions] })
export class DatabaseCoreModule {}

import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { DemoPlacesSeed } from './demo-places.seed';
import { DemoSeeder } from './demo-seeder';

/** Runs the registered demo steps at boot (DEMO_DATA=true) and contributes the city, departments, categories and staff. */
@Module({ imports: [UsersModule], providers: [DemoSeeder, DemoPlacesSeed], exports: [DemoSeeder] })
export class DemoModule {}

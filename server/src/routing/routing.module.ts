import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module';
import { RoutingController } from './routing.controller';
import { RoutingService } from './routing.service';

/** Routing suggestions (docs/domain.md §6 step 5) and the rule table. Import it and call RoutingService.suggest. */
@Module({
  imports: [AreasModule],
  controllers: [RoutingController],
  providers: [RoutingService],
  exports: [RoutingService],
})
export class RoutingModule {}

import { Module, type OnModuleInit } from '@nestjs/common';
import { AreaReferenceChecks } from '../areas/area-reference-checks';
import { AreasModule } from '../areas/areas.module';
import { CategoriesModule } from '../categories/categories.module';
import { DepartmentReferenceChecks } from '../departments/department-reference-checks';
import { DepartmentsModule } from '../departments/departments.module';
import { RoutingRule } from './routing-rule.entity';
import { RoutingController } from './routing.controller';
import { RoutingService } from './routing.service';

/** Routing suggestions (docs/domain.md §6 step 5) and the rule table. Import it and call RoutingService.suggest. */
@Module({
  imports: [AreasModule, CategoriesModule, DepartmentsModule],
  controllers: [RoutingController],
  providers: [RoutingService],
  exports: [RoutingService],
})
export class RoutingModule implements OnModuleInit {
  constructor(
    private readonly areaReferences: AreaReferenceChecks,
    private readonly departmentReferences: DepartmentReferenceChecks,
  ) {}

  onModuleInit(): void {
    this.areaReferences.register('派遣规则', (em, areaId) => em.getRepository(RoutingRule).count({ where: { areaId } }));
    this.departmentReferences.register('派遣规则', (em, departmentId) => em.getRepository(RoutingRule).count({ where: { departmentId } }));
  }
}

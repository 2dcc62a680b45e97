import { Module, type OnModuleInit } from '@nestjs/common';
import { AreaReferenceChecks } from '../areas/area-reference-checks';
import { AreasModule } from '../areas/areas.module';
import { ZoneDepartments } from '../areas/zone-departments';
import { Department } from './department.entity';
import { DepartmentReferenceChecks } from './department-reference-checks';
import { DepartmentsController } from './departments.controller';
import { DepartmentsService } from './departments.service';

@Module({
  imports: [AreasModule],
  controllers: [DepartmentsController],
  providers: [DepartmentsService, DepartmentReferenceChecks],
  exports: [DepartmentsService, DepartmentReferenceChecks],
})
export class DepartmentsModule implements OnModuleInit {
  constructor(
    private readonly areaReferences: AreaReferenceChecks,
    private readonly zoneDepartments: ZoneDepartments,
    private readonly departments: DepartmentsService,
  ) {}

  onModuleInit(): void {
    this.zoneDepartments.register((em, id) => this.departments.exists(em, id));
    this.areaReferences.register('部门', (em, areaId) => em.getRepository(Department).count({ where: { areaId } }));
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

type DepartmentExists = (em: EntityManager, id: number) => Promise<boolean>;

/**
 * Whether a zone's department exists. Departments import areas, so areas does not import them: the departments
 * module registers its check here at init (DepartmentsModule).
 */
@Injectable()
export class ZoneDepartments {
  private check: DepartmentExists | null = null;

  register(check: DepartmentExists): void {
    this.check = check;
  }

  /** False while no departments module is loaded (nothing could be assigned a zone). */
  exists(em: EntityManager, id: number): Promise<boolean> {
    return this.check ? this.check(em, id) : Promise.resolve(false);
  }
}

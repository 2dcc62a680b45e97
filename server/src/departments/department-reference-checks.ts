import { Injectable } from '@nestjs/common';
import { ReferenceChecks } from '../database/reference-checks';

/** What still refers to a department: staff, cases, routing rules, supervision notices register here. */
@Injectable()
export class DepartmentReferenceChecks extends ReferenceChecks {}

import { Injectable } from '@nestjs/common';
import { ReferenceChecks } from '../database/reference-checks';

/** What still refers to an area: departments, routing rules, cases, reports, evaluation rows register here. */
@Injectable()
export class AreaReferenceChecks extends ReferenceChecks {}

import { Global, Module } from '@nestjs/common';
import { CaseHooks } from './case-hooks';

/** One CaseHooks for the whole app (global, so the triage pipeline's auto-merge and the rewards module reach the same instance). */
@Global()
@Module({ providers: [CaseHooks], exports: [CaseHooks] })
export class CaseHooksModule {}

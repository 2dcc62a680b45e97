import { Module } from '@nestjs/common';
import { UploadsModule } from '../../uploads/uploads.module';
import { EvidenceService } from './evidence.service';
import { KnownPictureVerdicts } from './known-picture-verdicts';

/** Evidence checks of docs/domain.md §14 for resolves, pickup reports and inspection findings. */
@Module({ imports: [UploadsModule], providers: [EvidenceService, KnownPictureVerdicts], exports: [EvidenceService, KnownPictureVerdicts] })
export class EvidenceModule {}

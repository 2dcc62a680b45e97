import type { CaptureFactsDto, CaptureSource } from '@sansui/shared';
import type { Photo } from './photo.entity';

/** What the client declared with an upload (docs/domain.md §14), already validated. */
export interface CaptureInput {
  at: Date | null;
  lat: number | null;
  lng: number | null;
  accuracyM: number | null;
  source: CaptureSource | null;
}

export const NO_CAPTURE: CaptureInput = { at: null, lat: null, lng: null, accuracyM: null, source: null };

export function hasCaptureFacts(c: CaptureInput): boolean {
  return c.at !== null || c.lat !== null || c.source !== null;
}

export function captureDto(
  p: Pick<Photo, 'captureAt' | 'captureLat' | 'captureLng' | 'captureAccuracyM' | 'captureSource'>,
): CaptureFactsDto {
  return {
    lat: p.captureLat,
    lng: p.captureLng,
    at: p.captureAt ? p.captureAt.toISOString() : null,
    source: p.captureSource,
    accuracyM: p.captureAccuracyM,
  };
}

import type {
  CaseDetailDto,
  CaseDto,
  CaseExtensionDto,
  EvidenceDto,
  PhotoDto,
  ReopenRequestDto,
  RoutingSuggestionDto,
} from '@sansui/shared';

/** Extra fields the cases module adds to the §13 shapes (all optional: the UI degrades without them). */
export interface CaseRow extends CaseDto {
  departmentName?: string | null;
  categoryName?: string | null;
  timeLeftMinutes?: number | null;
  thumbnail?: string | PhotoDto | null;
  thumbUrl?: string | null;
  description?: string | null;
  slaHours?: number | null;
  extension?: { hours: number; reason: string; status?: string; requestedAt?: string } | null;
  handlerUserId?: number | null;
  handlerName?: string | null;
}

export interface DuplicateCandidate {
  caseId: number;
  distanceM?: number | null;
  photoDistance?: number | null;
  /** 0..1 (1 = identical photo). */
  similarity?: number | null;
  reason?: string | null;
  thumbnail?: string | PhotoDto | null;
  photos?: PhotoDto[];
  status?: string;
}

export interface CaseDetail extends CaseDetailDto {
  departmentName?: string | null;
  categoryName?: string | null;
  slaHours?: number | null;
  afterPhotos?: PhotoDto[];
  resolutionPhotos?: PhotoDto[];
  triage?: {
    duplicates?: DuplicateCandidate[];
    routing?: Partial<RoutingSuggestionDto> & { departmentId?: number | null; explanation?: string };
    [k: string]: unknown;
  } | null;
  photosByRole?: { evidence: PhotoDto[]; before: PhotoDto[]; after: PhotoDto[]; resolution: PhotoDto[] };
  /** Evidence of the latest resolve or pickup (docs/domain.md §14). */
  evidence?: EvidenceDto | null;
  extensions?: CaseExtensionDto[];
  canRequestExtension?: boolean;
  canDecideExtension?: boolean;
  timeLeftMinutes?: number | null;
  reopenRequests?: ReopenRequestDto[];
  /** The handler holding the case; canReassign when the caller may 改派 it now. */
  handlerUserId?: number | null;
  handlerName?: string | null;
  canReassign?: boolean;
}

export function photoUrl(p: string | PhotoDto | null | undefined, thumb = false): string | undefined {
  if (!p) return undefined;
  if (typeof p === 'string') return p;
  return (thumb ? p.thumbUrl : p.url) || p.url;
}

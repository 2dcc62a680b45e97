/** Report kinds (docs/domain.md §5): 随手拍 and 随手捡. */
export const REPORT_KINDS = ['snap', 'pickup'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = { snap: '随手拍', pickup: '随手捡' };

/** Where a report came from. */
export const REPORT_SOURCES = ['miniapp', 'inspector', 'hotline', 'open311', 'inspection'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];
export const REPORT_SOURCE_LABELS: Record<ReportSource, string> = {
  miniapp: '小程序',
  inspector: '巡查上报',
  hotline: '热线',
  open311: 'Open311',
  inspection: '督查检查',
};

/** Limits of a report (docs/domain.md §5, §13). */
export const REPORT_LIMITS = {
  minPhotos: 1,
  maxPhotos: 9,
  maxDescriptionLength: 500,
  clientRequestIdPattern: /^[A-Za-z0-9_-]{8,64}$/,
  maxPhotoBytes: 10 * 1024 * 1024,
  maxPhotoPixels: 50_000_000,
  reopenWindowDays: 7,
} as const;

/** Coordinate systems; WeChat's map and getLocation({type:'gcj02'}) use GCJ-02 (docs/domain.md §3). */
export const COORD_SYSTEMS = ['gcj02', 'wgs84'] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

/** `verification`: a verifier's on-site photo (核查照片, docs/domain.md §14). */
export const PHOTO_ROLES = ['evidence', 'before', 'after', 'resolution', 'feedback', 'verification'] as const;
export type PhotoRole = (typeof PHOTO_ROLES)[number];

export const CONTENT_CHECK_STATES = ['pending', 'pass', 'review', 'risky'] as const;
export type ContentCheckState = (typeof CONTENT_CHECK_STATES)[number];

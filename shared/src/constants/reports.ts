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

/** What the content check said, as a moderator reads it. */
export const CONTENT_CHECK_LABELS: Record<ContentCheckState, string> = {
  pending: '检测中',
  pass: '正常',
  review: '需人工复核',
  risky: '疑似违规',
};

/** WeChat content security's `label` values (msg_sec_check / media_check_async), in Chinese. */
export const CONTENT_LABEL_NAMES: Record<number, string> = {
  100: '正常',
  10001: '广告',
  20001: '时政',
  20002: '色情',
  20003: '辱骂',
  20006: '违法犯罪',
  20008: '欺诈',
  20012: '低俗',
  20013: '版权',
  21000: '其他',
};

/** 内容审核 (docs/domain.md §17): approve (the report is shown; chosen photos stay hidden) or reject the case as 违规内容. */
export const MODERATION_VERDICTS = ['approve', 'reject'] as const;
export type ModerationVerdict = (typeof MODERATION_VERDICTS)[number];
export const MODERATION_VERDICT_LABELS: Record<ModerationVerdict, string> = { approve: '审核通过', reject: '违规驳回' };

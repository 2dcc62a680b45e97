import type { CaseStaffDetailDto, PhotoDto, PhotoMatchDto, ReusedPhotoEvidence } from '@sansui/shared';
import { Card, Space, Typography } from 'antd';
import { PhotoStrip } from '../../components/Photos';
import { useFetch } from '../../lib/hooks';

/** Fraud signal codes → Chinese (docs/domain.md §8); unknown codes show as they are. */
export const SIGNAL_LABELS: Record<string, string> = {
  REUSED_PHOTO: '照片重复使用',
  SAME_SPOT: '同一地点多次上报',
  DEVICE_FAR: '上报位置与手机位置相距过远',
  BURST: '短时间内上报过多',
  LINKED_TO_HANDLER: '上报人与处置人员有关联',
  NEW_ACCOUNT_REJECTED: '新账号上报多被驳回',
  REWARD_BURST: '短时间内红包过多',
  SHARED_PHONE: '同一手机号多个账号',
  SPOT_CLUSTER: '同一地点短时间内多人获奖',
  BILL_MISMATCH: '微信支付转账单与红包记录不一致',
  UNVERIFIED_EVIDENCE: '随手捡照片未通过现场核验',
};

/** Evidence keys (server rewards/rules/fraud-signals) → Chinese. */
export const EVIDENCE_LABELS: Record<string, string> = {
  matches: '匹配照片',
  photoId: '本次照片',
  matchedPhotoId: '匹配照片',
  distance: '汉明距离',
  matchedOwnerUserId: '匹配照片的上报人',
  matchedReportId: '匹配上报',
  matchedCaseId: '匹配案卷',
  matchedRole: '照片用途',
  distanceM: '距离（米）',
  maxM: '允许距离（米）',
  count: '次数',
  reportIds: '附近上报',
  radiusM: '半径（米）',
  days: '天数',
  windowMinutes: '时间窗（分钟）',
  reportsLastHour: '近一小时上报',
  maxPerHour: '每小时上限',
  reporterIsStaff: '上报人是工作人员',
  samePhoneAsStaffUserIds: '同手机号的工作人员',
  ageDays: '账号天数',
  reports: '上报数',
  rejected: '被驳回数',
  rewards: '红包数',
  minutes: '时间窗（分钟）',
  max: '上限',
  accounts: '账号数',
  otherUserIds: '其他账号/居民',
  residents: '获奖居民数',
  outBillNo: '商户单号',
  state: '转账单状态',
  source: '来源',
  mismatches: '不一致字段',
  reason: '原因',
  checks: '未通过的核验',
};

export const PHOTO_ROLE_LABELS: Record<string, string> = {
  evidence: '居民上报照片',
  before: '处置前照片',
  after: '处置后照片',
  resolution: '处置完毕照片',
  feedback: '居民反馈照片',
};

/** Every photo a case detail carries (report photos, photos by role, timeline photos). */
export function casePhotos(d: CaseStaffDetailDto | undefined): PhotoDto[] {
  if (!d) return [];
  const byRole = d.photosByRole ? Object.values(d.photosByRole).flat() : [];
  return [...(d.photos ?? []), ...byRole, ...(d.timeline ?? []).flatMap((e) => e.photos ?? [])];
}

/** One photo of a case by id (the case detail carries signed URLs; bare /photos/:id links are refused). */
export function findPhoto(d: CaseStaffDetailDto | undefined, photoId: unknown): PhotoDto | undefined {
  if (typeof photoId !== 'number') return undefined;
  return casePhotos(d).find((p) => p.id === photoId);
}

/** The matches of a REUSED_PHOTO signal's evidence (`ReusedPhotoEvidence`); none when it carries none. */
export function photoMatches(evidence: Record<string, unknown> | undefined): PhotoMatchDto[] {
  const m = (evidence as Partial<ReusedPhotoEvidence> | undefined)?.matches;
  return Array.isArray(m) ? m.filter((x) => x && typeof x === 'object') : [];
}

function MatchPair({ match, own }: { match: PhotoMatchDto; own: CaseStaffDetailDto | undefined }) {
  const other = useFetch<CaseStaffDetailDto>(match.matchedCaseId ? `/cases/${match.matchedCaseId}` : null);
  const mine = findPhoto(own, match.photoId);
  const theirs = findPhoto(other.data, match.matchedPhotoId);
  return (
    <Card size="small" data-testid="photo-match">
      <Space align="start" size="large" wrap>
        <PhotoStrip photos={mine ? [mine] : []} size={160} title="本次上报" />
        <PhotoStrip
          photos={theirs ? [theirs] : []}
          size={160}
          title={match.matchedCaseId ? `匹配：案卷 #${match.matchedCaseId}` : '匹配照片'}
        />
        <Space direction="vertical" size={2}>
          <span>
            汉明距离：{match.distance ?? '—'}
            {match.distance === 0 ? '（同一张照片）' : ''}
          </span>
          <span>照片用途：{PHOTO_ROLE_LABELS[match.matchedRole ?? ''] ?? match.matchedRole ?? '—'}</span>
          <span>匹配照片的上报人：{match.matchedOwnerUserId ? `#${match.matchedOwnerUserId}` : '—'}</span>
          {match.matchedCaseId && (
            <a href={`/admin/cases/${match.matchedCaseId}`} target="_blank" rel="noreferrer">
              打开案卷 #{match.matchedCaseId}
            </a>
          )}
        </Space>
      </Space>
    </Card>
  );
}

/** The photos that matched, side by side (REUSED_PHOTO). */
export function PhotoMatches({ evidence, caseId }: { evidence: Record<string, unknown>; caseId: number }) {
  const own = useFetch<CaseStaffDetailDto>(`/cases/${caseId}`);
  const matches = photoMatches(evidence);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {matches.map((m, i) => (
        <MatchPair key={i} match={m} own={own.data} />
      ))}
    </Space>
  );
}

function EvidenceValue({ k, v }: { k: string; v: unknown }) {
  if (/caseid/i.test(k) && (typeof v === 'number' || typeof v === 'string'))
    return (
      <a href={`/admin/cases/${v}`} target="_blank" rel="noreferrer">
        案卷 #{String(v)}
      </a>
    );
  if (typeof v === 'boolean') return <span>{v ? '是' : '否'}</span>;
  if (k === 'matchedRole' && typeof v === 'string') return <span>{PHOTO_ROLE_LABELS[v] ?? v}</span>;
  // UNVERIFIED_EVIDENCE's checks: their Chinese detail says it all (the codes are for machines).
  if (k === 'checks' && Array.isArray(v))
    return (
      <Space direction="vertical" size={2}>
        {v.map((c, i) => (
          <span key={i}>{String((c as { detail?: unknown })?.detail ?? (c as { code?: unknown })?.code ?? '')}</span>
        ))}
      </Space>
    );
  if (Array.isArray(v))
    return (
      <Space direction="vertical" size={2}>
        {v.map((item, i) => (
          <span key={i}>
            {item && typeof item === 'object' ? <Evidence evidence={item as Record<string, unknown>} inline /> : String(item)}
          </span>
        ))}
      </Space>
    );
  if (v && typeof v === 'object') return <Evidence evidence={v as Record<string, unknown>} inline />;
  return <span>{String(v)}</span>;
}

/** A signal's evidence as labelled values; REUSED_PHOTO shows the matched photos themselves. */
export function Evidence({
  evidence,
  inline,
  signal,
  caseId,
}: {
  evidence: Record<string, unknown>;
  inline?: boolean;
  signal?: string;
  caseId?: number;
}) {
  if (signal === 'REUSED_PHOTO' && caseId && photoMatches(evidence).length) return <PhotoMatches evidence={evidence} caseId={caseId} />;
  const entries = Object.entries(evidence ?? {});
  if (!entries.length) return <span>—</span>;
  return (
    <Space direction={inline ? 'horizontal' : 'vertical'} size={inline ? 12 : 2} wrap>
      {entries.map(([k, v]) => (
        <span key={k}>
          <Typography.Text type="secondary">{EVIDENCE_LABELS[k] ?? k}：</Typography.Text>
          <EvidenceValue k={k} v={v} />
        </span>
      ))}
    </Space>
  );
}

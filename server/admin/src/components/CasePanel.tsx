import {
  CASE_STATUS_LABELS,
  DEADLINE_RUNNING_STATUSES,
  REPORT_SOURCE_LABELS,
  type CaseStaffDetailDto,
  type PhotoDto,
} from '@sansui/shared';
import { Alert, Card, Col, Descriptions, Empty, Row, Space, Tag, Timeline, Typography } from 'antd';
import { formatTime } from '../lib/countdown';
import { useDicts } from '../lib/dicts';
import { useFetch } from '../lib/hooks';
import { CaseActions } from './CaseActions';
import { CountdownTag } from './CountdownTag';
import { GridMap } from './GridMap';
import { PageState } from './PageState';
import { EvidencePanel, VerificationPanel } from './EvidencePanel';
import { PhotoStrip } from './Photos';

/** Photos taken after handling: the handler's resolution photos, or a 随手捡's after-photos. */
export function afterPhotos(d: CaseStaffDetailDto): PhotoDto[] {
  const byRole = d.photosByRole;
  return byRole.resolution.length ? byRole.resolution : byRole.after;
}

/** Photos of the problem as reported (before handling). */
export function beforePhotos(d: CaseStaffDetailDto): PhotoDto[] {
  const byRole = d.photosByRole;
  if (byRole.evidence.length + byRole.before.length > 0) return [...byRole.evidence, ...byRole.before];
  return d.photos;
}

/** One case: photos large, map, duplicates, routing suggestion, timeline and the caller's actions. */
export function CasePanel({ id, onChanged, mode }: { id: number; onChanged?: () => void; mode?: 'triage' | 'verify' | 'full' }) {
  const { data, error, loading, reload } = useFetch<CaseStaffDetailDto>(`/cases/${id}`);
  const { deptName, catName } = useDicts();
  if (!data) return <PageState loading={loading} error={error} onRetry={reload} />;
  const d = data;
  const done = () => {
    reload();
    onChanged?.();
  };
  const dups = d.triage.duplicates;
  const routing = d.triage.routing;
  const showBeforeAfter = mode === 'verify' || d.status === 'resolved' || d.status === 'closed' || d.kind === 'pickup';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="case-panel">
      <Card
        size="small"
        title={
          <Space>
            <span>案卷 #{d.id}</span>
            <Tag color="blue">{CASE_STATUS_LABELS[d.status] ?? d.status}</Tag>
            <span>{d.categoryName ?? catName(d.categoryCode)}</span>
            {d.kind === 'pickup' && <Tag color="green">随手捡</Tag>}
            {d.overdue && <Tag color="red">超期</Tag>}
          </Space>
        }
      >
        <div style={{ marginBottom: 12 }}>
          <CaseActions detail={d} onDone={done} />
        </div>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="来源">{REPORT_SOURCE_LABELS?.[d.source] ?? d.source}</Descriptions.Item>
          <Descriptions.Item label="上报时间">{formatTime(d.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="责任部门">{d.departmentName ?? deptName(d.departmentId)}</Descriptions.Item>
          <Descriptions.Item label="处置人员">{d.handlerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="处置时限">{formatTime(d.deadline)}</Descriptions.Item>
          <Descriptions.Item label="剩余时间">
            {d.deadline && DEADLINE_RUNNING_STATUSES.includes(d.status) ? (
              <CountdownTag deadline={d.deadline} slaHours={d.slaHours ?? undefined} />
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="地址" span={2}>
            {d.address ?? '地址解析中（稍后自动补全）'}
          </Descriptions.Item>
          <Descriptions.Item label="受影响">{d.meTooCount > 0 ? `另有 ${d.meTooCount} 位居民点了“我也遇到”` : '—'}</Descriptions.Item>
          <Descriptions.Item label="描述" span={3}>
            {d.description || '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title={showBeforeAfter ? '处置前 / 处置后' : '现场照片'}>
            {showBeforeAfter ? (
              <Row gutter={12}>
                <Col span={12}>
                  <PhotoStrip photos={beforePhotos(d)} size={220} title="处置前" />
                </Col>
                <Col span={12}>
                  <PhotoStrip photos={afterPhotos(d)} size={220} title="处置后" />
                </Col>
              </Row>
            ) : (
              <PhotoStrip photos={beforePhotos(d)} size={300} alt={`案卷 #${d.id} 的现场照片`} />
            )}
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title={d.address ? `位置：${d.address}` : '位置（所在网格）'}>
            <GridMap
              points={[{ lat: d.location.lat, lng: d.location.lng, label: `#${d.id}` }]}
              gridId={d.gridId}
              width={380}
              height={280}
            />
          </Card>
        </Col>
      </Row>
      <EvidencePanel evidence={d.evidence} />
      <VerificationPanel verification={d.verification} photos={d.photosByRole.verification} />
      {(d.reopenRequests ?? [])
        .filter((r) => r.status === 'pending')
        .map((r) => (
          <Alert
            key={r.id}
            type="warning"
            showIcon
            message="居民反馈：没有解决"
            description={`${r.comment ?? '（无文字）'} · ${formatTime(r.createdAt)} · 附照片 ${r.photoIds.length} 张（见处理过程）`}
          />
        ))}
      {mode !== 'verify' && routing && (
        <Alert
          type="info"
          showIcon
          message={`派遣建议：${routing.departmentName ?? deptName(routing.departmentId ?? null)}`}
          description={routing.explanation ?? '—'}
          data-testid="routing-suggestion"
        />
      )}
      {mode !== 'verify' && dups.length > 0 && (
        <Card size="small" title={`疑似重复（${dups.length}）`}>
          <Row gutter={12}>
            <Col span={6}>
              <Typography.Text strong>本案</Typography.Text>
              <PhotoStrip photos={beforePhotos(d).slice(0, 1)} size={140} alt={`本案 #${d.id} 的现场照片`} />
            </Col>
            {dups.map((dup) => (
              <Col span={6} key={dup.caseId}>
                <Typography.Text strong>
                  <a href={`/admin/cases/${dup.caseId}`} target="_blank" rel="noreferrer">
                    案卷 #{dup.caseId}
                  </a>
                </Typography.Text>
                <DuplicatePhotos caseId={dup.caseId} />
                <div>距离：{dup.distanceM != null ? `${Math.round(dup.distanceM)} 米` : '—'}</div>
                <div>照片相似度：{similarityText(dup.similarity, dup.photoDistance)}</div>
                {dup.reason && <Typography.Text type="secondary">{dup.reason}</Typography.Text>}
              </Col>
            ))}
          </Row>
        </Card>
      )}
      <Card size="small" title="处理过程">
        {d.timeline?.length ? (
          <Timeline
            items={d.timeline.map((e) => ({
              children: (
                <div>
                  <Typography.Text strong>{e.text}</Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {formatTime(e.at)} {e.actorName ?? ''}
                  </Typography.Text>
                  {e.note && <div>{e.note}</div>}
                  {e.photos?.length > 0 && <PhotoStrip photos={e.photos} size={64} alt={`“${e.text}”时的照片`} />}
                </div>
              ),
            }))}
          />
        ) : (
          <Empty description="暂无记录" />
        )}
      </Card>
    </Space>
  );
}

/** "93%（汉明距离 4）", from the server's similarity or the 64-bit hash distance. */
export function similarityText(similarity: number | null | undefined, photoDistance: number | null | undefined): string {
  const sim = similarity ?? (photoDistance != null ? Math.max(0, 1 - photoDistance / 64) : null);
  if (sim == null) return '无照片匹配';
  return `${Math.round(sim * 100)}%${photoDistance != null ? `（汉明距离 ${photoDistance}）` : ''}`;
}

function DuplicatePhotos({ caseId }: { caseId: number }) {
  const { data } = useFetch<CaseStaffDetailDto>(`/cases/${caseId}`);
  return <PhotoStrip photos={data ? beforePhotos(data).slice(0, 1) : []} size={140} alt={`疑似重复案卷 #${caseId} 的现场照片`} />;
}

import {
  CASE_STATUS_LABELS,
  CONTENT_CHECK_LABELS,
  CONTENT_LABEL_NAMES,
  MODERATION_VERDICT_LABELS,
  type ContentCheckState,
  type ModerationItemDto,
} from '@sansui/shared';
import { App, Button, Card, Checkbox, Empty, Image, Input, Modal, Pagination, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../lib/countdown';
import { useDicts } from '../../lib/dicts';
import { useAction, useServerList } from '../../lib/hooks';

const SPEC = { status: 'string' } as const;
const STATUS = { pending: '待审核', decided: '审核记录' } as const;
const CHECK_COLOR: Record<ContentCheckState, string | undefined> = { pending: undefined, pass: 'green', review: 'orange', risky: 'red' };
const TEXT_CHECK: Record<string, string> = {
  review: '需人工复核',
  error: '检测失败，需人工复核',
  pass: '正常',
  skipped: '未检测',
  risky: '疑似违规',
};

/**
 * 内容审核 (docs/domain.md §17): reports whose text or photos the content check flagged. The dispatcher
 * sees the verdicts and every photo (hidden ones too), ticks the photos to keep hidden and approves, or
 * rejects the case as 违规内容 while it is still waiting for acceptance.
 */
export function ModerationPage() {
  const list = useServerList<ModerationItemDto, typeof SPEC>('/moderation/items', SPEC);
  const status = (list.filters.status ?? 'pending') as keyof typeof STATUS;
  return (
    <div>
      <Typography.Title level={4}>内容审核</Typography.Title>
      <Typography.Paragraph type="secondary">
        内容安全检测判为“疑似违规”或“需人工复核”的上报。勾选需要继续隐藏的照片后点“审核通过”，其余照片恢复显示；
        含违规内容且尚未受理的上报可直接“违规驳回”（不予受理，照片全部隐藏）。
      </Typography.Paragraph>
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(v) => list.setFilters({ status: v === 'pending' ? undefined : String(v), page: 1 })}
        options={(Object.keys(STATUS) as (keyof typeof STATUS)[]).map((s) => ({ value: s, label: STATUS[s] }))}
        data-testid="moderation-status"
      />
      {list.error ? (
        <PageState loading={false} error={list.error} onRetry={list.reload} />
      ) : list.data && list.data.items.length === 0 ? (
        <Empty description={status === 'pending' ? '没有待审核的内容' : '还没有审核记录'} />
      ) : (
        <div data-testid="moderation-list" data-loaded={list.loading ? undefined : 'true'}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {(list.data?.items ?? []).map((item) => (
              <ModerationCard key={item.reportId} item={item} onDone={list.reload} />
            ))}
          </Space>
          {list.data && list.data.total > list.data.pageSize && (
            <Pagination
              style={{ marginTop: 12 }}
              current={list.data.page}
              pageSize={list.data.pageSize}
              total={list.data.total}
              showTotal={(t) => `共 ${t} 条`}
              onChange={(page, pageSize) => list.setFilters({ page, pageSize })}
            />
          )}
        </div>
      )}
    </div>
  );
}

function ModerationCard({ item, onDone }: { item: ModerationItemDto; onDone: () => void }) {
  const { catName } = useDicts();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [hidden, setHidden] = useState<number[]>(() => item.photos.filter((p) => p.contentCheck === 'risky').map((p) => p.id));
  const [rejecting, setRejecting] = useState(false);
  const [note, setNote] = useState('');
  const decided = item.decision !== null;
  const decide = (verdict: 'approve' | 'reject') =>
    run(verdict, async () => {
      await api.post(
        `/moderation/items/${item.reportId}/decision`,
        verdict === 'approve' ? { verdict, hiddenPhotoIds: hidden } : { verdict, note },
      );
      message.success(verdict === 'approve' ? '已审核通过' : '已驳回：违规内容');
      setRejecting(false);
      onDone();
    });
  return (
    <Card
      size="small"
      data-report-id={item.reportId}
      title={
        <Space wrap>
          <Link to={`/cases/${item.caseId}`}>案卷 #{item.caseId}</Link>
          <span>{catName(item.categoryCode)}</span>
          <Tag color={CHECK_COLOR[item.contentCheck]}>{CONTENT_CHECK_LABELS[item.contentCheck]}</Tag>
          <Tag>{CASE_STATUS_LABELS[item.caseStatus]}</Tag>
        </Space>
      }
      extra={
        <Typography.Text type="secondary">
          {item.reporterName} · {formatTime(item.createdAt)}
        </Typography.Text>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>描述：</Typography.Text>
          {item.description ? (
            <Typography.Text>{item.description}</Typography.Text>
          ) : (
            <Typography.Text type="secondary">（无）</Typography.Text>
          )}
          {item.textCheck && item.textCheck !== 'skipped' && (
            <Tag style={{ marginLeft: 8 }} color={item.textCheck === 'pass' ? 'green' : 'orange'}>
              文字：{TEXT_CHECK[item.textCheck] ?? item.textCheck}
            </Tag>
          )}
        </div>
        {item.feedback && (
          <div data-testid="moderation-feedback">
            <Typography.Text strong>居民反馈（{item.feedback.satisfied ? '已解决' : '没有解决'}）：</Typography.Text>
            {item.feedback.comment ? (
              <Typography.Text>{item.feedback.comment}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">（无文字）</Typography.Text>
            )}
            {item.feedback.commentCheck && item.feedback.commentCheck !== 'skipped' && (
              <Tag style={{ marginLeft: 8 }} color={item.feedback.commentCheck === 'pass' ? 'green' : 'orange'}>
                文字：{TEXT_CHECK[item.feedback.commentCheck] ?? item.feedback.commentCheck}
              </Tag>
            )}
          </div>
        )}
        {item.address && <Typography.Text type="secondary">地点：{item.address}</Typography.Text>}
        <Space wrap align="start">
          {item.photos.map((p) => (
            <div key={p.id} data-photo-id={p.id} style={{ width: 160 }}>
              <Image
                width={160}
                height={160}
                style={{ objectFit: 'cover', borderRadius: 4 }}
                src={p.thumbUrl || p.url}
                preview={{ src: p.url }}
                alt={`照片 ${p.id}`}
              />
              <div>
                <Tag color={CHECK_COLOR[p.contentCheck]}>{CONTENT_CHECK_LABELS[p.contentCheck]}</Tag>
                {p.label !== null && p.label !== 100 && <Tag>{CONTENT_LABEL_NAMES[p.label] ?? `标签 ${p.label}`}</Tag>}
              </div>
              {!decided && (
                <Checkbox
                  checked={hidden.includes(p.id)}
                  onChange={(e) => setHidden((h) => (e.target.checked ? [...h, p.id] : h.filter((x) => x !== p.id)))}
                >
                  继续隐藏
                </Checkbox>
              )}
            </div>
          ))}
        </Space>
        {decided ? (
          <Typography.Text data-testid="moderation-decision">
            <Tag color={item.decision!.verdict === 'approve' ? 'green' : 'red'}>{MODERATION_VERDICT_LABELS[item.decision!.verdict]}</Tag>
            {item.decision!.moderatorName} · {formatTime(item.decision!.createdAt)}
            {item.decision!.hiddenPhotoIds.length > 0 && ` · 隐藏照片 ${item.decision!.hiddenPhotoIds.length} 张`}
            {item.decision!.note && ` · ${item.decision!.note}`}
          </Typography.Text>
        ) : (
          <Space>
            <Button
              type="primary"
              loading={busy === 'approve'}
              disabled={!!busy}
              onClick={() => decide('approve')}
              data-testid="moderation-approve"
            >
              审核通过{hidden.length > 0 ? `（隐藏 ${hidden.length} 张照片）` : ''}
            </Button>
            {item.canReject && (
              <Button danger disabled={!!busy} onClick={() => setRejecting(true)} data-testid="moderation-reject">
                违规驳回
              </Button>
            )}
          </Space>
        )}
      </Space>
      <Modal
        open={rejecting}
        title={`驳回案卷 #${item.caseId}：违规内容`}
        okText="确认驳回"
        okButtonProps={{ danger: true, disabled: !note.trim(), loading: busy === 'reject' }}
        cancelText="取消"
        onOk={() => decide('reject')}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>案卷将以“违规内容”不予受理，上报的照片全部隐藏，居民会看到“未予受理：违规内容”。</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={200}
          placeholder="说明（必填，写入案卷记录）"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-label="驳回说明"
        />
      </Modal>
    </Card>
  );
}

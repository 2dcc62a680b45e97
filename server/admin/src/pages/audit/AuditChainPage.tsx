import type { AuditLogEntryDto, AuditVerifyResult } from '@sansui/shared';
import { Alert, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../lib/countdown';
import { useAction, useServerList } from '../../lib/hooks';
import { AnchorsCard } from './AnchorsCard';
import { AUDIT_ACTION_OPTIONS, auditActionLabel, auditTargetLabel } from './auditLabels';

const SPEC = { action: 'string' } as const;

export function AuditChainPage() {
  const [result, setResult] = useState<AuditVerifyResult | null>(null);
  const { busy, run } = useAction();
  const list = useServerList<AuditLogEntryDto, typeof SPEC>('/audit', SPEC);
  const verify = () => run('verify', async () => setResult(await api.get<AuditVerifyResult>('/audit/verify')));
  return (
    <div>
      <Typography.Title level={4}>审计日志</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">
            每条审计记录都带有上一条的哈希。校验会逐条重算，任何删除或改动都会在第一处断点暴露。
          </Typography.Paragraph>
          <Button type="primary" loading={busy === 'verify'} onClick={verify}>
            校验审计链
          </Button>
          {result &&
            (result.ok ? (
              <Alert type="success" showIcon message={`审计链完整：已校验 ${result.checked} 条记录`} data-testid="chain-ok" />
            ) : (
              <Alert
                type="error"
                showIcon
                message={`审计链被破坏：第一处断点在记录 #${result.firstBrokenId}（已校验 ${result.checked} 条）`}
                data-testid="chain-broken"
              />
            ))}
        </Space>
      </Card>
      <AnchorsCard />
      <Card
        size="small"
        title="操作记录"
        extra={
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label="操作类型"
            placeholder="按操作类型筛选"
            value={list.filters.action}
            onChange={(v) => list.setFilters({ action: v || undefined })}
            options={AUDIT_ACTION_OPTIONS}
            style={{ width: 320 }}
          />
        }
      >
        {list.error ? (
          <PageState loading={false} error={list.error} onRetry={list.reload} />
        ) : (
          <Table<AuditLogEntryDto>
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: '暂无审计记录' }}
            columns={[
              { title: '序号', dataIndex: 'id' },
              { title: '时间', key: 'at', render: (_, r) => formatTime(r.at) },
              { title: '操作人', key: 'actor', render: (_, r) => r.actorName ?? (r.actorUserId ? `#${r.actorUserId}` : '系统') },
              { title: '操作', dataIndex: 'action', render: (a: string) => <span title={a}>{auditActionLabel(a)}</span> },
              { title: '对象', key: 'target', render: (_, r) => auditTargetLabel(r.targetType, r.targetId) },
            ]}
            pagination={{
              current: list.data?.page,
              pageSize: list.data?.pageSize,
              total: list.data?.total,
              showTotal: (t) => `共 ${t} 条`,
              onChange: (page, pageSize) => list.setFilters({ page, pageSize }),
            }}
          />
        )}
      </Card>
    </div>
  );
}

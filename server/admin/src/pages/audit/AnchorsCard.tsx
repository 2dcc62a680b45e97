import type { AnchorVerifyResult, AuditAnchorDto, AuditAnchorFile } from '@sansui/shared';
import { Alert, App, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { formatTime } from '../../lib/countdown';
import { useAction, useFetch } from '../../lib/hooks';

/** "第 12 条之后、第 40 条及之前": where a rewrite lies, from a broken anchor. */
export function brokenRange(b: AnchorVerifyResult['brokenAnchors'][number]): string {
  const what = b.reason === 'signature' ? '系统保存的锚点本身被改过' : b.foundHash ? '记录被改写' : '记录被删除';
  return `锚点“第 ${b.lastId} 条”（${formatTime(b.anchoredAt)}）对不上：${what}，范围在第 ${b.sinceLastId} 条之后、第 ${b.lastId} 条及之前`;
}

/** Reads an anchor file the auditor kept; null when it is not one. */
export function parseAnchorFile(text: string): AuditAnchorFile | null {
  try {
    const f = JSON.parse(text) as AuditAnchorFile;
    return f && f.kind === 'sansui-audit-anchors' && Array.isArray(f.anchors) ? f : null;
  } catch {
    return null;
  }
}

/** Anchors of the chain: the recent ones, anchor now, download the signed file, verify against stored anchors or a kept file. */
export function AnchorsCard() {
  const anchors = useFetch<{ items: AuditAnchorDto[]; total: number }>('/audit/anchors', { pageSize: 5 });
  const [result, setResult] = useState<AnchorVerifyResult | null>(null);
  const { busy, run } = useAction();
  const { message } = App.useApp();
  const verify = (body: { anchors?: AuditAnchorDto[] }) =>
    run('anchor-verify', async () => setResult(await api.post<AnchorVerifyResult>('/audit/anchors/verify', body)));
  const anchorNow = () =>
    run('anchor-now', async () => {
      const res = await api.post<{ anchor: AuditAnchorDto | null }>('/audit/anchors', {});
      message.info(res.anchor ? `已生成锚点：第 ${res.anchor.lastId} 条` : '自上次锚点以来没有新记录，未生成新锚点');
      anchors.reload();
    });
  return (
    <Card size="small" title="审计链锚点" style={{ marginBottom: 16 }} data-testid="anchors-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">
          系统每天把最新一条记录的编号和哈希签名保存为锚点，并通知审计员。请定期下载锚点文件并保存在系统之外；
          即使有人改动记录后重算了全部哈希，按锚点校验也会指出改动所在的范围。
        </Typography.Paragraph>
        <Space wrap>
          <Button loading={busy === 'anchor-now'} onClick={anchorNow}>
            立即生成锚点
          </Button>
          <Button
            loading={busy === 'anchor-download'}
            onClick={() => run('anchor-download', () => api.download('/audit/anchors/export', undefined, 'audit-anchors.json'))}
          >
            下载锚点文件
          </Button>
          <Button type="primary" loading={busy === 'anchor-verify'} onClick={() => verify({})}>
            按系统保存的锚点校验
          </Button>
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => {
                const parsed = parseAnchorFile(text);
                if (!parsed) message.error('这不是本系统导出的锚点文件');
                else void verify({ anchors: parsed.anchors });
              });
              return false;
            }}
          >
            <Button data-testid="anchor-file-verify">用我保存的锚点文件校验</Button>
          </Upload>
        </Space>
        {result &&
          (result.ok ? (
            <Alert
              type="success"
              showIcon
              data-testid="anchors-ok"
              data-source={result.source}
              message={`审计链与 ${result.anchorsChecked} 个锚点一致（${result.source === 'file' ? '您的锚点文件' : '系统保存的锚点'}），已校验 ${result.checked} 条记录`}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              data-testid="anchors-broken"
              message="审计日志被改写或删除，请立即报告负责人"
              description={
                <Space direction="vertical" size={2}>
                  {result.firstBrokenId !== undefined && <span>链接断裂：第一处在记录 #{result.firstBrokenId}</span>}
                  {result.brokenAnchors.map((b) => (
                    <span key={b.lastId}>{brokenRange(b)}</span>
                  ))}
                </Space>
              }
            />
          ))}
        <Table<AuditAnchorDto>
          rowKey="lastId"
          size="small"
          loading={anchors.loading}
          dataSource={anchors.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: '还没有锚点' }}
          footer={
            anchors.data && anchors.data.total > anchors.data.items.length
              ? () => `共 ${anchors.data!.total} 个锚点，显示最近 5 个`
              : undefined
          }
          columns={[
            { title: '时间', dataIndex: 'anchoredAt', render: formatTime },
            { title: '截至记录', dataIndex: 'lastId', render: (v) => `第 ${v} 条` },
            {
              title: '哈希',
              dataIndex: 'hash',
              render: (h: string) => <Typography.Text code copyable={{ text: h }}>{`${h.slice(0, 16)}…`}</Typography.Text>,
            },
          ]}
        />
      </Space>
    </Card>
  );
}

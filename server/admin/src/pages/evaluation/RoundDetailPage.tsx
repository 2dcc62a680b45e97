import { ROUND_KIND_LABELS, ROUND_STATUS_LABELS, type FindingDto, type RoundAreaScoreDto, type RoundDetailDto } from '@sansui/shared';
import { App, Button, Card, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { can } from '../../access';
import { api } from '../../api/client';
import { useAuth } from '../../auth';
import { PageState } from '../../components/PageState';
import { PhotoStrip } from '../../components/Photos';
import { useAction, useFetch } from '../../lib/hooks';
import { FindingForm } from './FindingForm';
import { RoundMonitoringCard } from './MonitoringPage';
import { RoundSupervision } from './SupervisionPages';

/** One round: scores per area, the findings with photos, desk entry while it runs, publication and the 督查通报. */
export function RoundDetailPage() {
  const id = Number(useParams().id);
  const { user } = useAuth();
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const round = useFetch<RoundDetailDto>(`/inspection-rounds/${id}`);
  const r = round.data;
  const mayRun = can(user?.roles, 'evaluation.run');
  const publish = async () => {
    let opened = 0;
    const ok = await run('publish', async () => {
      opened = (await api.post<{ casesOpened: number }>(`/inspection-rounds/${id}/publish`)).casesOpened;
    });
    if (ok) {
      message.success(`已发布，立案 ${opened} 件`);
      round.reload();
    }
  };
  const download = (format: 'html' | 'xlsx') =>
    run(format, () => api.download(`/inspection-rounds/${id}/circular`, { format }, `督查通报_${id}.${format}`));
  return (
    <PageState loading={round.loading} error={round.error} onRetry={round.reload} empty={!r}>
      {r && (
        <div>
          <Typography.Title level={4}>
            {r.name} <Tag color={r.kind === 'covert' ? 'purple' : 'blue'}>{ROUND_KIND_LABELS[r.kind]}</Tag>
            <Tag color={r.status === 'published' ? 'green' : 'orange'}>{ROUND_STATUS_LABELS[r.status]}</Tag>
          </Typography.Title>
          <Descriptions size="small" column={4} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="计入月份">{r.month}</Descriptions.Item>
            <Descriptions.Item label="考评细则">第 {r.checklistVersion} 版</Descriptions.Item>
            <Descriptions.Item label="发现问题">{r.findingCount} 条</Descriptions.Item>
            <Descriptions.Item label="发布时间">
              {r.publishedAt ? new Date(r.publishedAt).toLocaleString('zh-CN') : '未发布'}
            </Descriptions.Item>
          </Descriptions>
          <Space style={{ marginBottom: 16 }}>
            {mayRun && r.status === 'draft' && (
              <Popconfirm
                title="发布本轮检查结果？"
                description="发布后每条发现立案派遣给责任部门，受检单位可以看到本轮检查；发布后不能再录入。"
                okText="发布"
                cancelText="取消"
                onConfirm={publish}
              >
                <Button type="primary" loading={busy === 'publish'}>
                  发布
                </Button>
              </Popconfirm>
            )}
            <Button loading={busy === 'html'} onClick={() => download('html')}>
              督查通报（可打印 HTML）
            </Button>
            <Button loading={busy === 'xlsx'} onClick={() => download('xlsx')}>
              督查通报（Excel）
            </Button>
          </Space>
          <Card size="small" title="各区域得分（千分制）" style={{ marginBottom: 16 }}>
            <Table<RoundAreaScoreDto>
              rowKey="areaId"
              size="small"
              pagination={false}
              dataSource={r.areas}
              columns={[
                { title: '排名', dataIndex: 'rank', width: 80 },
                { title: '受检区域', dataIndex: 'areaName' },
                { title: '发现问题', dataIndex: 'findings' },
                { title: '扣分', dataIndex: 'deduction' },
                { title: '得分', dataIndex: 'score', render: (s: number) => <Typography.Text strong>{s}</Typography.Text> },
              ]}
            />
          </Card>
          {mayRun && r.status === 'draft' && <FindingForm round={r} onSaved={round.reload} />}
          {r.status === 'published' && <RoundSupervision roundId={r.id} mayRun={mayRun} />}
          <Card size="small" title={`检查发现（${r.findings.length} 条）`}>
            <Table<FindingDto>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={r.findings}
              columns={[
                { title: '区域', dataIndex: 'areaName', width: 100 },
                { title: '条目', dataIndex: 'itemCode', width: 70 },
                { title: '问题', render: (_, f) => `${f.section}：${f.itemText}` },
                { title: '处数', dataIndex: 'count', width: 60 },
                { title: '扣分', dataIndex: 'deduction', width: 60 },
                {
                  title: '地点',
                  dataIndex: 'address',
                  render: (a: string | null, f) => a ?? (f.caseId ? '地址识别中' : '立案后识别地址'),
                },
                { title: '备注', dataIndex: 'note', render: (n: string | null) => n ?? '—' },
                {
                  title: '取证',
                  dataIndex: 'evidence',
                  width: 80,
                  render: (e: FindingDto['evidence']) =>
                    e ? (
                      <Tag
                        color={e.verified ? 'green' : 'default'}
                        title={e.checks
                          .filter((c) => !c.ok)
                          .map((c) => c.detail)
                          .join('；')}
                      >
                        {e.verified ? '已核实' : '未核实'}
                      </Tag>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: '照片',
                  dataIndex: 'photos',
                  render: (p: FindingDto['photos']) => <PhotoStrip photos={p} size={64} alt="检查发现的照片" />,
                },
                {
                  title: '案卷',
                  dataIndex: 'caseId',
                  width: 90,
                  render: (c: number | null) =>
                    c ? <Link to={`/cases/${c}`}>#{c}</Link> : <Typography.Text type="secondary">发布后立案</Typography.Text>,
                },
              ]}
            />
          </Card>
          {/* Last on the page, so its loading does not move the forms above it. */}
          {r.status === 'draft' && can(user?.roles, 'evaluation.monitoring') && <RoundMonitoringCard roundId={r.id} />}
        </div>
      )}
    </PageState>
  );
}

import { App, Button, Card, List, Typography } from 'antd';
import { api } from '../../api/client';
import { useAction } from '../../lib/hooks';

const EXPORTS = [
  { path: '/exports/rewards.xlsx', name: '红包明细', file: '红包明细.xlsx', desc: '每个红包的居民（脱敏）、金额、状态、批次与转账单号' },
  { path: '/exports/batches.xlsx', name: '发放批次', file: '发放批次.xlsx', desc: '每个批次的提出人、审批人、金额与进度' },
  { path: '/exports/ledger.xlsx', name: '资金台账', file: '资金台账.xlsx', desc: '预算预留、发放、冻结、放行、到账、失败、冲正的全部流水' },
];

export function ExportsPage() {
  const { busy, run } = useAction();
  const { message } = App.useApp();
  return (
    <div>
      <Typography.Title level={4}>Excel 导出</Typography.Title>
      <Typography.Paragraph type="secondary">
        这里导出全部记录；只要部分记录时，在"红包审核"或"台账与对账"页面按条件筛选后点"导出 Excel"。
      </Typography.Paragraph>
      <Card>
        <List
          dataSource={EXPORTS}
          renderItem={(e) => (
            <List.Item
              actions={[
                <Button
                  key="dl"
                  type="primary"
                  loading={busy === e.path}
                  onClick={() =>
                    run(e.path, () => api.download(e.path, undefined, e.file)).then((ok) => ok && message.success(`${e.name}已下载`))
                  }
                >
                  下载
                </Button>,
              ]}
            >
              <List.Item.Meta title={e.name} description={e.desc} />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}

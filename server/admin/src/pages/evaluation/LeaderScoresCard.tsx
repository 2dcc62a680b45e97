import type { LeaderScoresDto, QuarterItemDto, SaveLeaderScoresRequest } from '@sansui/shared';
import { App, Button, Card, Input, InputNumber, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { PageState } from '../../components/PageState';
import { useAction, useFetch } from '../../lib/hooks';

type Draft = Record<number, { score: number | null; note: string }>;

/** 领导评价 entry (admins): one score per area for the quarter, 0–1000; an emptied score is removed. */
export function LeaderScoresCard({ quarter, areas, onSaved }: { quarter: string; areas: QuarterItemDto[]; onSaved(): void }) {
  const stored = useFetch<LeaderScoresDto>('/evaluations/leader-scores', { quarter });
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [draft, setDraft] = useState<Draft>({});
  const initial = (): Draft =>
    Object.fromEntries(
      areas.map((a) => {
        const s = stored.data?.items.find((i) => i.areaId === a.areaId);
        return [a.areaId, { score: s?.score ?? null, note: s?.note ?? '' }];
      }),
    );
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setDraft(initial()), [stored.data, areas]);
  const save = async () => {
    const before = initial();
    const items: SaveLeaderScoresRequest['items'] = areas
      .filter(
        (a) => draft[a.areaId] && (draft[a.areaId].score !== before[a.areaId].score || draft[a.areaId].note !== before[a.areaId].note),
      )
      .map((a) => ({ areaId: a.areaId, score: draft[a.areaId].score, note: draft[a.areaId].note || null }));
    if (items.length === 0) {
      message.info('没有改动');
      return;
    }
    if (await run('leader', () => api.put(`/evaluations/leader-scores/${quarter}`, { items }))) {
      message.success(`已保存 ${items.length} 个区域的领导评价`);
      stored.reload();
      onSaved();
    }
  };
  const patch = (areaId: number, p: Partial<Draft[number]>) => setDraft((d) => ({ ...d, [areaId]: { ...d[areaId], ...p } }));
  return (
    <Card size="small" title="录入领导评价" style={{ width: 720, marginTop: 16 }} data-testid="leader-scores">
      <PageState loading={stored.loading} error={stored.error} onRetry={stored.reload} empty={!stored.data}>
        <Typography.Paragraph type="secondary">
          按千分制给各区域本季度打分（0–1000，最多两位小数）；清空分数即删除。每次保存都记入审计日志，已发布月份的得分不受影响。
        </Typography.Paragraph>
        <Table<QuarterItemDto>
          rowKey="areaId"
          size="small"
          pagination={false}
          dataSource={areas}
          columns={[
            { title: '区域', dataIndex: 'areaName', width: 160 },
            {
              title: '领导评价',
              width: 160,
              render: (_, a) => (
                <InputNumber
                  aria-label={`${a.areaName}领导评价`}
                  min={0}
                  max={1000}
                  precision={2}
                  style={{ width: 130 }}
                  value={draft[a.areaId]?.score ?? null}
                  onChange={(v) => patch(a.areaId, { score: typeof v === 'number' ? v : null })}
                />
              ),
            },
            {
              title: '备注',
              render: (_, a) => (
                <Input
                  aria-label={`${a.areaName}领导评价备注`}
                  maxLength={200}
                  value={draft[a.areaId]?.note ?? ''}
                  onChange={(e) => patch(a.areaId, { note: e.target.value })}
                />
              ),
            },
          ]}
        />
        <Button type="primary" style={{ marginTop: 12 }} loading={busy === 'leader'} onClick={save}>
          保存领导评价
        </Button>
      </PageState>
    </Card>
  );
}

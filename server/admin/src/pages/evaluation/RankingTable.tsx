import type { ComponentScoresDto, RankedAreaDto } from '@sansui/shared';
import { Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { CSSProperties } from 'react';
import { Chart } from '../../components/Chart';

/** A score out of 1000 with two decimals, or 无数据. */
export const score = (v: number | null) => (v === null ? <Typography.Text type="secondary">无数据</Typography.Text> : v.toFixed(2));

/** 暗访 / 明查 / 数字化城管 columns of a month's ranking. */
export function componentScoreColumns<T extends ComponentScoresDto>(): ColumnsType<T> {
  return [
    { title: '暗访', dataIndex: 'covert', render: score },
    { title: '明查', dataIndex: 'open', render: score },
    { title: '数字化城管', dataIndex: 'digital', render: score },
  ];
}

/**
 * A ranking of areas: place (with 第一 / 末位), the area, the `scores` columns, the total in bold, then `after`.
 * The 千分制, 社区, 季度 and 简报 rankings all read this way.
 */
export function RankingTable<T extends RankedAreaDto>({
  rows,
  areaTitle = '区域',
  scores = [],
  totalTitle = '总分',
  after = [],
  style,
}: {
  rows: T[] | undefined;
  areaTitle?: string;
  scores?: ColumnsType<T>;
  totalTitle?: string;
  after?: ColumnsType<T>;
  style?: CSSProperties;
}) {
  const columns: ColumnsType<T> = [
    {
      title: '排名',
      dataIndex: 'rank',
      width: 120,
      render: (rank: number | null, r) => (
        <Space>
          {rank ?? '—'}
          {r.top && <Tag color="gold">第一</Tag>}
          {r.bottom && <Tag color="red">末位</Tag>}
        </Space>
      ),
    },
    { title: areaTitle, dataIndex: 'areaName' },
    ...scores,
    { title: totalTitle, dataIndex: 'total', render: (v: number | null) => <Typography.Text strong>{score(v)}</Typography.Text> },
    ...after,
  ];
  return <Table<T> rowKey="areaId" size="small" pagination={false} dataSource={rows} style={style} columns={columns} />;
}

/** The ranked areas' totals as bars on a 0–1000 axis, first place gold and last red. */
export function RankingBars({ title, rows, height }: { title: string; rows: RankedAreaDto[]; height: number }) {
  const ranked = rows.filter((i) => i.total !== null);
  return (
    <Card size="small" title={title} style={{ width: 560 }}>
      <Chart
        style={{ height }}
        option={{
          tooltip: {},
          grid: { left: 48, right: 16, top: 16, bottom: 48 },
          xAxis: { type: 'category', data: ranked.map((i) => i.areaName) },
          yAxis: { type: 'value', min: 0, max: 1000 },
          series: [
            {
              type: 'bar',
              data: ranked.map((i) => ({
                value: i.total,
                itemStyle: { color: i.top ? '#d4a017' : i.bottom ? '#cf1322' : '#1677ff' },
              })),
              label: { show: true, position: 'top' },
            },
          ],
        }}
      />
    </Card>
  );
}

import type { DepartmentKpisResponse } from '@sansui/shared';
import { Badge, Card, Space, Tag, Typography } from 'antd';
import { useFetch } from '../lib/hooks';

/** The dispatch board's department overview: overdue counts per department; a click filters the board. */
export function DepartmentStrip({ selected, onSelect }: { selected?: number; onSelect(id: number | undefined): void }) {
  const { data } = useFetch<DepartmentKpisResponse>('/stats/departments');
  const items = [...(data?.items ?? [])].sort((a, b) => b.overdue - a.overdue || a.departmentName.localeCompare(b.departmentName, 'zh'));
  if (!items.length) return null;
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap>
        <Typography.Text type="secondary">按部门：</Typography.Text>
        <Tag.CheckableTag checked={selected === undefined} onChange={() => onSelect(undefined)}>
          全部
        </Tag.CheckableTag>
        {items.map((d) => (
          <Tag.CheckableTag
            key={d.departmentId}
            checked={selected === d.departmentId}
            onChange={(on) => onSelect(on ? d.departmentId : undefined)}
          >
            <Space size={4}>
              {d.departmentName}
              {d.overdue > 0 && <Badge count={d.overdue} title={`超期 ${d.overdue} 件`} />}
            </Space>
          </Tag.CheckableTag>
        ))}
      </Space>
    </Card>
  );
}

import { Button, Space } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { CasePanel } from '../components/CasePanel';

export function CaseDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const n = Number(id);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button onClick={() => navigate(-1)}>返回</Button>
      {Number.isInteger(n) && n > 0 ? <CasePanel id={n} mode="full" /> : null}
    </Space>
  );
}

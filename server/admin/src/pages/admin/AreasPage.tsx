import { AREA_LEVEL_LABELS, type AreaImportPreview, type AreaLevel, type AreaTreeNodeDto } from '@sansui/shared';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Tree, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { itemsOf, PageState } from '../../components/PageState';
import { GridMap, resetGrids } from '../../components/GridMap';
import { useAction, useFetch } from '../../lib/hooks';

interface Collection {
  type: 'FeatureCollection';
  features: unknown[];
}

/** Parses an uploaded GeoJSON file; a single Feature becomes a collection. Throws a Chinese message otherwise. */
export function parseGeoJsonFile(text: string): Collection {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('文件不是有效的 JSON');
  }
  const o = json as { type?: string; features?: unknown[] };
  if (o?.type === 'FeatureCollection' && Array.isArray(o.features)) return { type: 'FeatureCollection', features: o.features };
  if (o?.type === 'Feature') return { type: 'FeatureCollection', features: [o] };
  throw new Error('文件应为 GeoJSON FeatureCollection');
}

function toTree(nodes: AreaTreeNodeDto[]): { key: number; title: string; children: ReturnType<typeof toTree> }[] {
  return nodes.map((n) => ({
    key: n.id,
    title: `${AREA_LEVEL_LABELS[n.level]} · ${n.name}（${n.code}）${n.hasGeometry ? '' : ' · 无边界'}`,
    children: toTree(n.children ?? []),
  }));
}

export function AreasPage() {
  const tree = useFetch<AreaTreeNodeDto[] | { items: AreaTreeNodeDto[] }>('/areas');
  const { message } = App.useApp();
  const { busy, run } = useAction();
  const [file, setFile] = useState<{ name: string; fc: Collection } | null>(null);
  const [preview, setPreview] = useState<AreaImportPreview | null>(null);
  const [done, setDone] = useState<AreaImportPreview | null>(null);
  const [mapKey, setMapKey] = useState(0);
  const pick = async (f: File) => {
    setPreview(null);
    setDone(null);
    try {
      const fc = parseGeoJsonFile(await f.text());
      setFile({ name: f.name, fc });
      const ok = await run('dry', async () =>
        setPreview(await api.request<AreaImportPreview>('/areas/import', { method: 'POST', query: { dryRun: true }, body: fc })),
      );
      if (!ok) setFile(null);
    } catch (e) {
      message.error((e as Error).message);
    }
    return false;
  };
  const doImport = async () => {
    if (!file) return;
    const ok = await run('import', async () =>
      setDone(await api.request<AreaImportPreview>('/areas/import', { method: 'POST', query: { dryRun: false }, body: file.fc })),
    );
    if (ok) {
      message.success('导入完成');
      setPreview(null);
      setFile(null);
      tree.reload();
      // Grids changed: reload the map source.
      resetGrids();
      setMapKey((k) => k + 1);
    }
  };
  const nodes = itemsOf(tree.data);
  const shown = preview ?? done;
  return (
    <div>
      <Typography.Title level={4}>区域与网格</Typography.Title>
      <Row gutter={16}>
        <Col span={10}>
          <Card size="small" title="区域树（区 → 街道 → 社区 → 网格）">
            <PageState
              loading={tree.loading}
              error={tree.error}
              empty={nodes.length === 0}
              emptyText="还没有区域，请导入 GeoJSON"
              onRetry={tree.reload}
            >
              <Tree treeData={toTree(nodes)} defaultExpandedKeys={nodes.map((n) => n.id)} height={520} />
            </PageState>
          </Card>
        </Col>
        <Col span={14}>
          <Card size="small" title="导入 GeoJSON" style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary">
              每个要素是一个区域：properties 需要 code、name、level（district / street / community / grid）和
              parentCode；已有编码会更新。先预览，确认无误再导入。
            </Typography.Paragraph>
            <Space>
              <Upload accept=".json,.geojson,application/geo+json,application/json" showUploadList={false} beforeUpload={pick}>
                <Button loading={busy === 'dry'}>选择文件并预览</Button>
              </Upload>
              {file && (
                <Tag>
                  {file.name}（{file.fc.features.length} 个要素）
                </Tag>
              )}
              {preview && (
                <Button type="primary" loading={busy === 'import'} disabled={preview.invalid.length > 0} onClick={doImport}>
                  确认导入
                </Button>
              )}
            </Space>
            {shown && (
              <div style={{ marginTop: 12 }} data-testid={done ? 'import-done' : 'import-preview'}>
                {done && <Alert type="success" showIcon message={`已导入 ${done.total} 个区域`} style={{ marginBottom: 8 }} />}
                {preview && preview.invalid.length > 0 && (
                  <Alert
                    type="error"
                    showIcon
                    message={`有 ${preview.invalid.length} 个要素无效，修正后才能导入`}
                    style={{ marginBottom: 8 }}
                  />
                )}
                <Descriptions bordered size="small" column={2}>
                  {(Object.keys(shown.counts) as AreaLevel[]).map((lv) => (
                    <Descriptions.Item key={lv} label={AREA_LEVEL_LABELS[lv]}>
                      新增 {shown.counts[lv].create}，更新 {shown.counts[lv].update}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
                {shown.invalid.length > 0 && (
                  <Table
                    size="small"
                    rowKey="index"
                    pagination={false}
                    dataSource={shown.invalid}
                    columns={[
                      { title: '序号', dataIndex: 'index' },
                      { title: '编码', dataIndex: 'code', render: (v) => v ?? '—' },
                      { title: '原因', dataIndex: 'reason' },
                    ]}
                  />
                )}
                {shown.overlaps.length > 0 && (
                  <Table
                    size="small"
                    rowKey={(o) => `${o.a}-${o.b}`}
                    pagination={false}
                    dataSource={shown.overlaps}
                    title={() => '网格重叠'}
                    columns={[
                      { title: '网格', dataIndex: 'a' },
                      { title: '网格', dataIndex: 'b' },
                      { title: '重叠面积', dataIndex: 'areaM2', render: (v: number) => `${Math.round(v)} 平方米` },
                    ]}
                  />
                )}
              </div>
            )}
          </Card>
          <Card size="small" title="网格分布">
            <GridMap key={mapKey} points={[]} width={560} height={360} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

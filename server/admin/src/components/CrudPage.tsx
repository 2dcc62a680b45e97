import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Typography, DatePicker } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { useAction, useFetch, useUrlFilters } from '../lib/hooks';
import { keyboardRow } from '../lib/keyboard';
import { fenToYuanText, parseYuan } from '../lib/money';
import { itemsOf, PageState } from './PageState';

export interface FieldDef {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'password' | 'number' | 'switch' | 'select' | 'multiselect' | 'json' | 'fen' | 'datetime';
  options?: { value: string | number; label: string }[];
  required?: boolean;
  /** Only sent on create (e.g. codes that identify the row). */
  createOnly?: boolean;
  /** Not filled from the row when editing (e.g. passwords). */
  writeOnly?: boolean;
  help?: string;
  min?: number;
}

export interface CrudConfig<T> {
  title: string;
  path: string;
  rowKey: keyof T & string;
  columns: ColumnsType<T>;
  fields: FieldDef[];
  paged?: boolean;
  canCreate?: boolean;
  canDelete?: boolean;
  /** Extra list query sent to the server. */
  query?: Record<string, string | number | boolean>;
  toolbar?: ReactNode;
  hint?: string;
  /** List filters, kept in the URL and sent to the server (paged lists). */
  filters?: ListFilter[];
}

export interface ListFilter {
  name: string;
  label: string;
  /** search: free text (sent on Enter); select: one of the options. */
  type: 'search' | 'select';
  options?: { value: string | number; label: string }[];
}

/** The URL spec of a page's filters: numbers for selects whose options are numbers, strings otherwise. */
export function filterSpec(filters: ListFilter[] | undefined): Record<string, 'string' | 'number'> {
  return Object.fromEntries(
    (filters ?? []).map((f) => [f.name, f.type === 'select' && typeof f.options?.[0]?.value === 'number' ? 'number' : 'string']),
  );
}

/** Row → form values. */
export function toFormValues(fields: FieldDef[], row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.writeOnly) continue;
    const v = row[f.name];
    if (f.type === 'json') out[f.name] = v == null ? '' : JSON.stringify(v, null, 2);
    else if (f.type === 'fen') out[f.name] = typeof v === 'number' ? fenToYuanText(v) : '';
    else if (f.type === 'datetime') out[f.name] = v ? dayjs(String(v)) : undefined;
    else out[f.name] = v;
  }
  return out;
}

/** Form values → request body; throws a Chinese message when a JSON or money field is invalid. */
export function toBody(fields: FieldDef[], values: Record<string, unknown>, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    if (editing && f.createOnly) continue;
    let v = values[f.name];
    const empty = v === undefined || v === null || (v === '' && f.type !== 'text' && f.type !== 'textarea');
    if (empty) {
      // Clearing an optional reference or geometry on edit sends null; other empty fields are left out.
      if (editing && !f.writeOnly && (f.type === 'json' || f.type === 'select')) body[f.name] = null;
      continue;
    }
    if (f.type === 'json') {
      try {
        v = JSON.parse(String(v));
      } catch {
        throw new Error(`${f.label}不是有效的 JSON`);
      }
    } else if (f.type === 'fen') {
      const fen = parseYuan(v as string);
      if (fen === null) throw new Error(`${f.label}应为金额（元，最多两位小数）`);
      v = fen;
    } else if (f.type === 'datetime') v = dayjs(v as string).toISOString();
    body[f.name] = v;
  }
  return body;
}

/**
 * The control of one field. Form.Item hands its child `value`, `onChange` (or `checked`) and `id`: they must reach the
 * antd control, else what the user types never gets into the form (and the row's value is saved back unchanged).
 */
function FieldInput({ f, ...bound }: { f: FieldDef } & Record<string, unknown>) {
  switch (f.type) {
    case 'textarea':
      return <Input.TextArea rows={3} {...bound} />;
    case 'json':
      return (
        <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} placeholder='{"type":"Polygon","coordinates":[...]}' {...bound} />
      );
    case 'password':
      return <Input.Password autoComplete="new-password" {...bound} />;
    case 'number':
      return <InputNumber min={f.min ?? 0} style={{ width: 200 }} {...bound} />;
    case 'fen':
      return <Input prefix="¥" style={{ width: 200 }} placeholder="0.00" {...bound} />;
    case 'switch':
      return <Switch {...bound} />;
    case 'select':
      return <Select allowClear showSearch optionFilterProp="label" options={f.options} {...bound} />;
    case 'multiselect':
      return <Select mode="multiple" allowClear optionFilterProp="label" options={f.options} {...bound} />;
    case 'datetime':
      return <DatePicker showTime {...bound} />;
    default:
      return <Input {...bound} />;
  }
}

/** Generic admin list + create/edit dialog for configuration resources. */
export function CrudPage<T extends object>({ cfg }: { cfg: CrudConfig<T> }) {
  const specKey = (cfg.filters ?? []).map((f) => `${f.name}:${typeof f.options?.[0]?.value}`).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const spec = useMemo(() => filterSpec(cfg.filters), [specKey]);
  const [filters, setFilters] = useUrlFilters(spec);
  const listFilters = Object.fromEntries(
    (cfg.filters ?? []).map((f) => [f.name, (filters as Record<string, string | number | undefined>)[f.name]]),
  );
  const { data, error, loading, reload } = useFetch<T[] | { items: T[]; total: number; page: number; pageSize: number }>(cfg.path, {
    ...cfg.query,
    ...listFilters,
    ...(cfg.paged ? { page: filters.page, pageSize: filters.pageSize } : {}),
  });
  const [editing, setEditing] = useState<T | null | 'new'>(null);
  const [form] = Form.useForm();
  const { busy, run } = useAction();
  const { message } = App.useApp();
  const items = itemsOf(data);
  const page = data && !Array.isArray(data) ? data : null;
  const idOf = (row: T) => (row as Record<string, unknown>)[cfg.rowKey] as string | number;
  const save = async () => {
    const values = await form.validateFields();
    const isEdit = editing !== 'new' && editing !== null;
    const ok = await run('save', async () => {
      const body = toBody(cfg.fields, values, isEdit);
      if (isEdit) await api.patch(`${cfg.path}/${encodeURIComponent(idOf(editing as T))}`, body);
      else await api.post(cfg.path, body);
    });
    if (ok) {
      message.success('已保存');
      setEditing(null);
      reload();
    }
  };
  const remove = (row: T) =>
    run('del', () => api.del(`${cfg.path}/${encodeURIComponent(idOf(row))}`)).then((ok) => {
      if (ok) {
        message.success('已删除');
        reload();
      }
    });
  const edit = (row: T) => {
    form.resetFields();
    form.setFieldsValue(toFormValues(cfg.fields, row as Record<string, unknown>));
    setEditing(row);
  };
  const columns: ColumnsType<T> = [
    ...cfg.columns,
    {
      title: '操作',
      key: 'op',
      width: 140,
      render: (_, row) => (
        <Space>
          <Button size="small" onClick={() => edit(row)}>
            编辑
          </Button>
          {cfg.canDelete && (
            <Popconfirm title="确认删除？" okText="删除" cancelText="取消" onConfirm={() => remove(row)}>
              <Button size="small" danger>
                删除
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  const isEdit = editing !== null && editing !== 'new';
  return (
    <div>
      <Typography.Title level={4}>{cfg.title}</Typography.Title>
      {cfg.hint && <Typography.Paragraph type="secondary">{cfg.hint}</Typography.Paragraph>}
      <Space style={{ marginBottom: 12 }}>
        {cfg.canCreate !== false && (
          <Button
            type="primary"
            onClick={() => {
              form.resetFields();
              setEditing('new');
            }}
          >
            新建
          </Button>
        )}
        {(cfg.filters ?? []).map((f) =>
          f.type === 'search' ? (
            <Input.Search
              key={f.name}
              allowClear
              aria-label={f.label}
              placeholder={f.label}
              style={{ width: 220 }}
              defaultValue={listFilters[f.name] as string | undefined}
              onSearch={(v) => setFilters({ [f.name]: v || undefined })}
            />
          ) : (
            <Select
              key={f.name}
              allowClear
              showSearch
              optionFilterProp="label"
              aria-label={f.label}
              placeholder={f.label}
              style={{ width: 200 }}
              value={listFilters[f.name]}
              onChange={(v) => setFilters({ [f.name]: v })}
              options={f.options}
            />
          ),
        )}
        {cfg.toolbar}
      </Space>
      {error ? (
        <PageState loading={false} error={error} onRetry={reload} />
      ) : (
        <Table<T>
          rowKey={cfg.rowKey}
          size="middle"
          loading={loading}
          dataSource={items}
          columns={columns}
          locale={{ emptyText: '暂无数据' }}
          // Keyboard: Tab to a row, Enter edits it, ↑/↓ move; a mouse click on the row does nothing (buttons do).
          onRow={(row) => ({ ...keyboardRow(() => edit(row)), onClick: undefined, style: undefined })}
          pagination={
            page
              ? {
                  current: page.page,
                  pageSize: page.pageSize,
                  total: page.total,
                  showTotal: (t) => `共 ${t} 条`,
                  onChange: (p, s) => setFilters({ page: p, pageSize: s }),
                }
              : { pageSize: 50, hideOnSinglePage: true }
          }
        />
      )}
      <Modal
        open={editing !== null}
        title={isEdit ? '编辑' : '新建'}
        okText="保存"
        cancelText="取消"
        okButtonProps={{ loading: busy === 'save' }}
        onOk={save}
        onCancel={() => setEditing(null)}
        width={640}
        forceRender
      >
        <Form form={form} layout="vertical">
          {cfg.fields.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.label}
              help={f.help}
              valuePropName={f.type === 'switch' ? 'checked' : 'value'}
              rules={
                f.required && !(isEdit && (f.createOnly || f.writeOnly)) ? [{ required: true, message: `请填写${f.label}` }] : undefined
              }
            >
              {isEdit && f.createOnly ? <Input disabled /> : <FieldInput f={f} />}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </div>
  );
}

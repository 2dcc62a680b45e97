import {
  DEPARTMENT_TYPE_LABELS,
  DEPARTMENT_TYPES,
  formatFen,
  ROLE_LABELS,
  STAFF_ROLES,
  type AdminUserDto,
  type CampaignDto,
  type CategoryDto,
  type DepartmentAdminDto,
  type ResponsibilityZoneDto,
  type Role,
  type RoutingRuleDto,
} from '@sansui/shared';
import { Tag } from 'antd';
import { CrudPage } from '../../components/CrudPage';
import { formatTime } from '../../lib/countdown';
import { useDicts } from '../../lib/dicts';
import { useFetch } from '../../lib/hooks';
import type { AreaTreeNodeDto } from '@sansui/shared';
import { useWechatBindings, WechatBindingCell } from '../../components/WechatBinding';

const deptTypeOptions = DEPARTMENT_TYPES.map((t) => ({ value: t, label: DEPARTMENT_TYPE_LABELS[t] }));
const yes = (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>);

function flattenAreas(nodes: AreaTreeNodeDto[] | undefined, depth = 0): { value: number; label: string }[] {
  return (nodes ?? []).flatMap((n) => [
    { value: n.id, label: `${'　'.repeat(depth)}${n.name}（${n.code}）` },
    ...flattenAreas(n.children, depth + 1),
  ]);
}

function useAreaOptions() {
  const { data } = useFetch<AreaTreeNodeDto[] | { items: AreaTreeNodeDto[] }>('/areas');
  return flattenAreas(Array.isArray(data) ? data : data?.items);
}

export function CategoriesPage() {
  return (
    <CrudPage<CategoryDto>
      cfg={{
        title: '事件分类',
        path: '/categories',
        query: { all: true },
        rowKey: 'code',
        hint: '分类决定默认责任部门类型、处置时限（SLA）、红包金额与重复判定半径。',
        columns: [
          { title: '编码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          {
            title: '默认部门类型',
            dataIndex: 'defaultDepartmentType',
            render: (t: keyof typeof DEPARTMENT_TYPE_LABELS) => DEPARTMENT_TYPE_LABELS[t] ?? t,
          },
          { title: '时限', dataIndex: 'slaHours', render: (h: number) => `${h} 小时` },
          { title: '红包', dataIndex: 'rewardFen', render: formatFen },
          { title: '重复半径', dataIndex: 'duplicateRadiusM', render: (m: number) => `${m} 米` },
          { title: '状态', dataIndex: 'enabled', render: yes },
        ],
        fields: [
          { name: 'code', label: '编码', type: 'text', required: true, createOnly: true },
          { name: 'name', label: '名称', type: 'text', required: true },
          { name: 'hint', label: '拍摄提示', type: 'textarea' },
          { name: 'defaultDepartmentType', label: '默认部门类型', type: 'select', options: deptTypeOptions, required: true },
          { name: 'slaHours', label: '处置时限（小时）', type: 'number', required: true, min: 1 },
          { name: 'rewardFen', label: '红包金额（元）', type: 'fen', required: true },
          { name: 'duplicateRadiusM', label: '重复判定半径（米）', type: 'number' },
          { name: 'sortOrder', label: '排序', type: 'number' },
          { name: 'enabled', label: '启用', type: 'switch' },
        ],
      }}
    />
  );
}

export function DepartmentsPage() {
  const areas = useAreaOptions();
  return (
    <CrudPage<DepartmentAdminDto>
      cfg={{
        title: '部门',
        path: '/departments',
        query: { includeInactive: true },
        rowKey: 'id',
        canDelete: true,
        columns: [
          { title: '编码', dataIndex: 'code' },
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'type', render: (t: keyof typeof DEPARTMENT_TYPE_LABELS) => DEPARTMENT_TYPE_LABELS[t] ?? t },
          {
            title: '服务区域',
            dataIndex: 'areaId',
            render: (id: number | null) => areas.find((a) => a.value === id)?.label.trim() ?? '全市',
          },
          { title: '联系电话', dataIndex: 'contactPhone', render: (v) => v ?? '—' },
          { title: '状态', dataIndex: 'active', render: (v) => yes(v !== false) },
        ],
        fields: [
          { name: 'code', label: '编码', type: 'text', required: true },
          { name: 'name', label: '名称', type: 'text', required: true },
          { name: 'type', label: '类型', type: 'select', options: deptTypeOptions, required: true },
          { name: 'areaId', label: '服务区域（留空为全市）', type: 'select', options: areas },
          { name: 'contactPhone', label: '联系电话', type: 'text' },
          { name: 'active', label: '启用', type: 'switch' },
        ],
      }}
    />
  );
}

export function UsersPage() {
  const { departments, deptName } = useDicts();
  const bindings = useWechatBindings();
  const roleOptions = STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  return (
    <CrudPage<AdminUserDto>
      cfg={{
        title: '人员与角色',
        path: '/users',
        query: { kind: 'staff' },
        paged: true,
        filters: [
          { name: 'q', label: '用户名或姓名', type: 'search' },
          { name: 'role', label: '角色', type: 'select', options: roleOptions },
          { name: 'departmentId', label: '部门', type: 'select', options: departments.map((d) => ({ value: d.id, label: d.name })) },
        ],
        rowKey: 'id',
        hint: '一个账号可以有多个角色；提出发放批次的人不能审批同一批次，系统管理员不能审批发放。',
        columns: [
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'roles', render: (rs: Role[]) => rs.map((r) => <Tag key={r}>{ROLE_LABELS[r]}</Tag>) },
          { title: '部门', dataIndex: 'departmentId', render: deptName },
          { title: '手机', dataIndex: 'phoneMasked', render: (v) => v ?? '—' },
          { title: '企业微信', dataIndex: 'wecomUserId', render: (v: string | null) => v ?? <Tag>未设置</Tag> },
          { title: '最近登录', dataIndex: 'lastLoginAt', render: formatTime },
          { title: '状态', dataIndex: 'active', render: yes },
          {
            title: '小程序工作台（微信绑定）',
            key: 'wechat',
            render: (_: unknown, u: AdminUserDto) => (
              <WechatBindingCell userId={u.id} binding={bindings.bound.get(u.id)} onChanged={bindings.reload} />
            ),
          },
        ],
        fields: [
          { name: 'username', label: '用户名', type: 'text', required: true, createOnly: true },
          { name: 'displayName', label: '姓名', type: 'text', required: true },
          { name: 'password', label: '密码（编辑时留空则不修改）', type: 'password', required: true, writeOnly: true },
          { name: 'roles', label: '角色', type: 'multiselect', options: roleOptions, required: true },
          {
            name: 'departmentId',
            label: '所属部门（处置人员、部门负责人必填）',
            type: 'select',
            options: departments.map((d) => ({ value: d.id, label: d.name })),
          },
          { name: 'phone', label: '手机', type: 'text', createOnly: true },
          {
            name: 'wecomUserId',
            label: '企业微信账号（UserID）',
            type: 'text',
            help: '填写后，督办、超期、退单等通知会推送到此人的企业微信；不填只在后台和工作台的通知里看到。',
          },
          { name: 'active', label: '启用', type: 'switch', writeOnly: false },
        ],
      }}
    />
  );
}

export function ZonesPage() {
  const { departments, categories, deptName, catName } = useDicts();
  return (
    <CrudPage<ResponsibilityZoneDto>
      cfg={{
        title: '责任区 / 包干路段',
        path: '/zones',
        rowKey: 'id',
        canDelete: true,
        hint: '责任区内的上报可直接派给责任单位。边界填 GeoJSON Polygon，或填路段 LineString 与缓冲宽度。',
        columns: [
          { title: '名称', dataIndex: 'name' },
          { title: '责任单位', dataIndex: 'departmentId', render: deptName },
          { title: '缓冲宽度', dataIndex: 'bufferM', render: (v) => (v ? `${v} 米` : '—') },
          {
            title: '适用分类',
            dataIndex: 'categoryCodes',
            render: (v: string[] | null) => (v?.length ? v.map(catName).join('、') : '全部'),
          },
          { title: '状态', dataIndex: 'active', render: yes },
        ],
        fields: [
          { name: 'name', label: '名称', type: 'text', required: true },
          {
            name: 'departmentId',
            label: '责任单位',
            type: 'select',
            required: true,
            options: departments.map((d) => ({ value: d.id, label: d.name })),
          },
          { name: 'geometry', label: '边界（GeoJSON Polygon）', type: 'json' },
          { name: 'line', label: '包干路段（GeoJSON LineString）', type: 'json', writeOnly: true },
          { name: 'bufferM', label: '路段缓冲宽度（米）', type: 'number' },
          {
            name: 'categoryCodes',
            label: '适用分类（留空为全部）',
            type: 'multiselect',
            options: categories.map((c) => ({ value: c.code, label: c.name })),
          },
          { name: 'active', label: '启用', type: 'switch' },
        ],
      }}
    />
  );
}

export function RoutingRulesPage() {
  const { departments, categories, deptName, catName } = useDicts();
  const areas = useAreaOptions();
  return (
    <CrudPage<RoutingRuleDto>
      cfg={{
        title: '派遣规则',
        path: '/routing-rules',
        rowKey: 'id',
        canDelete: true,
        hint: '（分类, 区域）→ 部门，优先于按部门类型和责任区的自动建议；数字大的优先。',
        columns: [
          { title: '分类', dataIndex: 'categoryCode', render: (c) => (c ? catName(c) : '全部分类') },
          {
            title: '区域',
            dataIndex: 'areaId',
            render: (id) => (id ? (areas.find((a) => a.value === id)?.label.trim() ?? `#${id}`) : '全市'),
          },
          { title: '派往部门', dataIndex: 'departmentId', render: deptName },
          { title: '优先级', dataIndex: 'priority' },
          { title: '备注', dataIndex: 'note', render: (v) => v ?? '' },
          { title: '状态', dataIndex: 'active', render: yes },
        ],
        fields: [
          {
            name: 'categoryCode',
            label: '分类（留空为全部）',
            type: 'select',
            options: categories.map((c) => ({ value: c.code, label: c.name })),
          },
          { name: 'areaId', label: '区域（留空为全市）', type: 'select', options: areas },
          {
            name: 'departmentId',
            label: '派往部门',
            type: 'select',
            required: true,
            options: departments.map((d) => ({ value: d.id, label: d.name })),
          },
          { name: 'priority', label: '优先级', type: 'number' },
          { name: 'note', label: '备注', type: 'text' },
          { name: 'active', label: '启用', type: 'switch' },
        ],
      }}
    />
  );
}

export function CampaignsPage() {
  return (
    <CrudPage<CampaignDto>
      cfg={{
        title: '红包活动',
        path: '/campaigns',
        rowKey: 'id',
        hint: '活动期间、总预算与每人每日/每月上限。金额按元填写，系统以分存储。',
        columns: [
          { title: '名称', dataIndex: 'name' },
          { title: '开始', dataIndex: 'startsAt', render: formatTime },
          { title: '结束', dataIndex: 'endsAt', render: formatTime },
          { title: '总预算', dataIndex: 'budgetFen', render: formatFen },
          { title: '每日次数上限', dataIndex: 'dailyCountCap', render: (v) => v ?? '不限' },
          { title: '每月次数上限', dataIndex: 'monthlyCountCap', render: (v) => v ?? '不限' },
          { title: '状态', dataIndex: 'active', render: yes },
        ],
        fields: [
          { name: 'name', label: '名称（显示在转账备注中，≤32 字）', type: 'text', required: true },
          { name: 'startsAt', label: '开始时间', type: 'datetime', required: true },
          { name: 'endsAt', label: '结束时间', type: 'datetime', required: true },
          { name: 'budgetFen', label: '总预算（元）', type: 'fen', required: true },
          { name: 'dailyCountCap', label: '每人每日次数上限', type: 'number' },
          { name: 'dailyAmountCapFen', label: '每人每日金额上限（元）', type: 'fen' },
          { name: 'monthlyCountCap', label: '每人每月次数上限', type: 'number' },
          { name: 'monthlyAmountCapFen', label: '每人每月金额上限（元）', type: 'fen' },
          {
            name: 'snapTrigger',
            label: '随手拍发放时机',
            type: 'select',
            options: [
              { value: 'accepted', label: '立案即发' },
              { value: 'closed', label: '结案后发' },
            ],
          },
          { name: 'mergedDuplicateFen', label: '合并重复上报金额（元）', type: 'fen' },
          { name: 'approvalThresholdFen', label: '超过此金额的批次需两人审批（元）', type: 'fen' },
          { name: 'categoryAmounts', label: '分类金额覆盖（JSON，分类编码 → 分）', type: 'json' },
          { name: 'active', label: '启用', type: 'switch' },
        ],
      }}
    />
  );
}

/** Staff and resident roles (docs/domain.md §2). A staff account may hold several. */
export const ROLES = ['resident', 'inspector', 'dispatcher', 'handler', 'dept_manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ['inspector', 'dispatcher', 'handler', 'dept_manager', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  inspector: '巡查员',
  dispatcher: '调度员',
  handler: '处置人员',
  dept_manager: '部门负责人',
  auditor: '审计员',
  admin: '系统管理员',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

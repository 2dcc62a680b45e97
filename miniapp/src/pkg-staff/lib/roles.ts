import type { Role } from '@sansui/shared';

/** 工作台按角色给的功能（docs/domain.md §2、§14） */
export interface StaffFeatures {
  /** 本部门待办：接单、退单、延期、处置 */
  departmentQueue: boolean;
  /** 现场核查已处置的案卷 */
  verify: boolean;
  /** 巡查上报（来源记为 inspector） */
  report: boolean;
  /** 暗访 / 明查的检查发现（§16，限检查中的、安排给自己的轮次；调度员任一轮次） */
  findings: boolean;
  /** 重点监控点位（§16）：巡查员、调度员到场复查 */
  monitoring: boolean;
}

export function staffFeatures(roles: readonly Role[]): StaffFeatures {
  const has = (r: Role) => roles.includes(r);
  return {
    departmentQueue: has('handler') || has('dept_manager'),
    verify: has('inspector') || has('dispatcher'),
    report: has('inspector'),
    findings: has('inspector') || has('dispatcher'),
    monitoring: has('inspector') || has('dispatcher'),
  };
}

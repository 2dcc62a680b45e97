import { useAuth } from '../../auth';
import { CaseQueuePage, type QueueConfig } from './CaseQueuePage';

const TRIAGE: QueueConfig = {
  title: '受理分拣',
  fixed: { status: 'submitted', sort: 'createdAt' },
  columns: ['thumb', 'summary'],
  layout: 'split',
  mode: 'triage',
  filters: ['category'],
  emptyText: '没有待受理的上报',
  hint: '先到先办。按建议派遣 = 受理并派遣到建议部门；也可改派、不予受理或合并到重复案卷。',
};

const BOARD: QueueConfig = {
  title: '派遣看板',
  fixed: { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' },
  columns: ['id', 'status', 'category', 'address', 'meToo', 'department', 'deadline', 'left'],
  layout: 'drawer',
  mode: 'full',
  filters: ['status', 'department', 'category', 'overdue', 'extension', 'sort'],
  statusOptions: ['accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'rejected', 'merged'],
  emptyText: '没有符合条件的案卷',
  hint: '默认按处置时限排序，也可按受影响人数（居民点“我也遇到”的人数）排序；超期案卷整行标红；点部门只看该部门。',
  departmentStrip: true,
};

const VERIFY: QueueConfig = {
  title: '核查结案',
  fixed: { status: 'resolved', sort: 'updatedAt' },
  columns: ['thumb', 'summary'],
  layout: 'split',
  mode: 'verify',
  filters: ['department', 'category'],
  emptyText: '没有待核查的案卷',
  hint: '对比处置前后照片：通过则结案，不合格则退回返工。',
};

export const TriagePage = () => <CaseQueuePage cfg={TRIAGE} />;
export const DispatchBoardPage = () => <CaseQueuePage cfg={BOARD} />;
export const VerifyPage = () => <CaseQueuePage cfg={VERIFY} />;

/** The department's queue: open cases sorted by time left. */
export function DeptQueuePage() {
  const { user } = useAuth();
  return (
    <CaseQueuePage
      cfg={{
        title: '部门工单',
        fixed: { departmentId: user?.departmentId ?? '', status: 'dispatched,in_progress', sort: 'deadline' },
        columns: ['thumb', 'id', 'status', 'category', 'address', 'handler', 'deadline', 'left'],
        layout: 'drawer',
        mode: 'full',
        filters: ['status', 'category', 'overdue', 'extension', 'assigned'],
        statusOptions: ['dispatched', 'in_progress', 'resolved', 'closed'],
        emptyText: '本部门暂无工单',
        hint: '按剩余时间排序，超期为红色。接单后现场处置，上传处置后照片提交核查；非本部门职责请退单。“我负责的”只看本人接单或被改派的案卷；部门负责人可把处置中的案卷改派给本部门其他处置人员。',
      }}
    />
  );
}

import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CHINA_OFFSET_MS, noticeKindLabel, type StaffNoticeDto } from '@sansui/shared';
import { PageShell } from '../../components/PageShell';
import { staffApi } from '../api';
import { ListStatus } from '../components/ListStatus';
import { useShownData } from '../components/useShownData';
import '../staff.scss';
import { Pressable } from '../../platform/Pressable';

const URGENT = new Set(['case_overdue', 'case_circular']);

function shortTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** 通知（docs/domain.md §17）：我的和本部门的通知，未读在前；点开跳到案卷并标记已读；全部已读 */
export default function StaffNotices() {
  const { data: items, error, reload: load, fail } = useShownData(async () => (await staffApi.notices()).items);

  const open = async (n: StaffNoticeDto) => {
    if (!n.read) await staffApi.readNotice(n.id).catch(() => undefined);
    if (n.caseId !== null) void Taro.navigateTo({ url: `/pkg-staff/case/index?id=${n.caseId}` });
    else void load();
  };

  const readAll = async () => {
    try {
      await staffApi.readAllNotices();
      await load();
    } catch (err) {
      fail(err);
    }
  };

  const unread = items?.filter((n) => !n.read).length ?? 0;

  return (
    <PageShell>
      <ListStatus error={error} items={items} empty="暂无通知" emptyTestId="notices-empty" />
      {items && items.length ? (
        <View className="row between" style={{ margin: '0 4px 8px' }}>
          <Text className="muted small" data-testid="notices-unread" data-unread={unread}>
            {unread ? `${unread} 条未读` : '全部已读'}
          </Text>
          {unread ? (
            <Button className="btn btn-ghost btn-small" onClick={() => void readAll()} data-testid="notices-read-all">
              全部已读
            </Button>
          ) : null}
        </View>
      ) : null}
      {items?.map((n) => (
        <Pressable
          key={n.id}
          className={`notice-item ${n.read ? 'notice-item--read' : ''}`}
          data-testid="notice-item"
          data-notice-id={n.id}
          data-read={n.read ? 'yes' : 'no'}
          onClick={() => void open(n)}
        >
          <View className="row between">
            <Text className={`notice-kind ${URGENT.has(n.kind) ? 'notice-kind--urgent' : ''}`}>{noticeKindLabel(n.kind)}</Text>
            <Text className="muted small">{shortTime(n.createdAt)}</Text>
          </View>
          <View className="notice-title">
            {!n.read ? <Text className="notice-dot" /> : null}
            {n.title}
          </View>
          <View className="muted small">{n.body}</View>
        </Pressable>
      ))}
    </PageShell>
  );
}

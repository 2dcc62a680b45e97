import { Button, Image, Text, View } from '@tarojs/components';
import type { NearbyReportDto } from '@sansui/shared';
import { timeAgo } from '../lib/format';
import { assetUrl } from '../lib/url';
import { caseChip } from '../lib/status';
import { StatusChip } from './StatusChip';

/**
 * 一条附近的问题：照片、分类、状态、距离和地址；仍在处理的可以点“我也遇到”。
 * 上报页和“附近问题”页共用。
 */
export function NearbyCaseCard(props: {
  item: NearbyReportDto;
  categoryName: string;
  selected?: boolean;
  /** 已经点过（本次会话里） */
  joined?: boolean;
  busy?: boolean;
  onMeToo?: () => void;
}) {
  const { item: r } = props;
  const chip = caseChip(r.status);
  // 按钮的名称以看得见的文字开头（axe label-content-name-mismatch），再说是哪一条
  const meTooText = props.joined ? '已关注，有进展会通知你' : props.busy ? '正在提交…' : '我也遇到';
  const label = `${props.categoryName}，${chip.label}，距离约 ${r.distanceM} 米${r.address ? `，${r.address}` : ''}`;
  return (
    <View className={`list-item nearby-card ${props.selected ? 'list-item--on' : ''}`} data-testid="nearby-item" aria-label={label}>
      {r.thumbUrl ? (
        <Image
          className="nearby-thumb"
          src={assetUrl(r.thumbUrl)}
          mode="aspectFill"
          aria-label={`${props.categoryName}的现场照片`}
          nativeProps={{ alt: `${props.categoryName}的现场照片` }}
        />
      ) : (
        <View className="nearby-thumb nearby-thumb--empty" aria-hidden>
          无图
        </View>
      )}
      <View className="list-main">
        <View className="row between">
          <Text className="list-title">{props.categoryName}</Text>
          <StatusChip {...chip} />
        </View>
        <View className="muted small" data-testid="nearby-distance">
          约 {r.distanceM} 米 · {timeAgo(r.createdAt)}
          {r.meTooCount > 0 ? ` · ${r.meTooCount} 人也遇到` : ''}
        </View>
        {r.address ? <View className="small">{r.address}</View> : null}
        {props.onMeToo && r.open ? (
          <Button
            className={`btn btn-ghost btn-small ${props.joined ? 'btn--disabled' : ''}`}
            data-testid="me-too"
            aria-label={`${meTooText}：${props.categoryName}`}
            onClick={() => !props.joined && !props.busy && props.onMeToo?.()}
          >
            {meTooText}
          </Button>
        ) : null}
      </View>
    </View>
  );
}

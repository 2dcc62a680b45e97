import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CASE_STATUS_LABELS, SUPERVISION_ESCALATION_LABELS, SUPERVISION_STATE_LABELS, type CaseStatus } from '@sansui/shared';
import { getSessionUser } from '../../api';
import { PageShell } from '../../components/PageShell';
import { assetUrl } from '../../lib/url';
import { staffApi } from '../api';
import { useShownData } from '../components/useShownData';
import { SupervisionReplyForm } from '../components/SupervisionReplyForm';
import { staffFeatures } from '../lib/roles';
import { chinaShortTime, SUPERVISION_STATE_CLASS } from '../lib/supervision';
import '../staff.scss';
import { Pressable } from '../../platform/Pressable';

/** 一份督办通知：回复期限、整改要求、涉及的案卷（点开去处置）、已有的整改回复；本部门人员在下面填写整改回复 */
export default function StaffSupervisionDetail() {
  const id = Number(useRouter().params.id);

  const { data: n, error, reload: load } = useShownData(() => staffApi.supervisionNotice(id));

  const user = getSessionUser();
  const mayReply = !!n && !!user && staffFeatures(user.roles).departmentQueue && user.departmentId === n.departmentId;

  return (
    <PageShell>
      {error ? <View className="card error-text">{error}</View> : null}
      {n ? (
        <View data-testid="supervision-detail" data-state={n.state} data-replies={n.replies.length}>
          <View className="card">
            <View className="row between">
              <Text className={`sv-state ${SUPERVISION_STATE_CLASS[n.state]}`}>{SUPERVISION_STATE_LABELS[n.state]}</Text>
              <Text className="muted small">下发于 {chinaShortTime(n.createdAt)}</Text>
            </View>
            <View className="notice-title">{n.title}</View>
            <View>回复期限：{chinaShortTime(n.deadline)}</View>
            <View className="muted small">检查轮次：{n.roundName}</View>
            <View style={{ marginTop: '6px' }}>整改要求：{n.requirement ?? '按期整改到位，并上传整改后照片'}</View>
            {n.escalations.map((e) => (
              <View key={e.step} className="error-text small">
                {chinaShortTime(e.at)} {SUPERVISION_ESCALATION_LABELS[e.step]}
              </View>
            ))}
          </View>
          <View className="card">
            <View className="card-title">
              涉及案卷（{n.cases.length} 件，已办结 {n.closedCaseCount} 件）
            </View>
            {n.cases.map((c) => (
              <Pressable
                key={c.id}
                className="staff-menu-item"
                data-testid="supervision-case"
                data-case-id={c.id}
                onClick={() => void Taro.navigateTo({ url: `/pkg-staff/case/index?id=${c.id}` })}
              >
                <View>
                  <View>
                    #{c.id} {CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status}
                  </View>
                  <View className="muted small">{c.address ?? '地址待识别'}</View>
                </View>
                <Text className="muted" aria-hidden>
                  ›
                </Text>
              </Pressable>
            ))}
          </View>
          <View className="card">
            <View className="card-title">整改回复（{n.replies.length} 条）</View>
            {n.replies.length === 0 ? <View className="muted">尚未回复</View> : null}
            {n.replies.map((r) => (
              <View key={r.id} className="sv-reply" data-testid="supervision-reply">
                <View className="muted small">
                  {r.userName} · {chinaShortTime(r.createdAt)}
                </View>
                <View>{r.text}</View>
                <View className="sv-reply-photos">
                  {r.photos.map((p) => (
                    <Image key={p.id} className="sv-reply-photo" src={assetUrl(p.thumbUrl)} mode="aspectFill" />
                  ))}
                </View>
              </View>
            ))}
          </View>
          {mayReply ? <SupervisionReplyForm noticeId={n.id} onReplied={() => void load()} /> : null}
        </View>
      ) : null}
    </PageShell>
  );
}

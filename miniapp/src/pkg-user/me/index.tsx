import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { Button, Switch, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { api, isStaff, logout, showError } from '../../api';
import { getToken } from '../../api/token';
import { PageShell } from '../../components/PageShell';
import { draftKey } from '../../lib/outbox';
import { storage } from '../../lib/storage';
import { platform } from '../../platform';
import { outbox } from '../../services/outbox';
import { setLargeText, useLargeText } from '../../services/settings';
import { Pressable } from '../../platform/Pressable';

const go = (url: string) => () => void Taro.navigateTo({ url });

export default function Me() {
  const large = useLargeText();
  const [loggedIn, setLoggedIn] = useState(!!getToken());
  const [busy, setBusy] = useState(false);
  const staff = isStaff();

  const onLogout = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录？', content: '没提交的草稿会保留在这台手机上。' });
    if (!confirm) return;
    logout();
    setLoggedIn(false);
    void Taro.showToast({ title: '已退出', icon: 'none' });
  };

  /** 注销：先说明会发生什么，再二次确认 */
  const onDelete = async () => {
    if (busy) return;
    const first = await Taro.showModal({
      title: '注销账号',
      content:
        '注销后：你的微信身份、昵称等个人信息会被删除或匿名化，无法恢复；你上报过的问题和已发放的红包记录会以匿名方式保留，用于城市管理和财务核对；还没领取的红包将作废。',
      confirmText: '继续注销',
      confirmColor: '#dc2626',
      cancelText: '再想想',
    });
    if (!first.confirm) return;
    const second = await Taro.showModal({
      title: '确定要注销吗？',
      content: '此操作不可撤销。',
      confirmText: '确定注销',
      confirmColor: '#dc2626',
      cancelText: '取消',
    });
    if (!second.confirm) return;
    setBusy(true);
    try {
      await api.deleteAccount();
      logout();
      platform.resetIdentity();
      outbox.items().forEach((i) => outbox.remove(i.draft.clientRequestId));
      storage.remove(draftKey('snap'));
      storage.remove(draftKey('pickup'));
      setLoggedIn(false);
      await Taro.showModal({ title: '已注销', content: '你的账号已注销，感谢你为城市环境出过力。', showCancel: false });
      void Taro.reLaunch({ url: '/pages/index/index' });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell>
      <View className="card">
        <View className="cell row between" data-testid="large-text-row">
          <View>
            <View>大字模式</View>
            <View className="muted small">放大页面文字，看得更清楚</View>
          </View>
          <Switch
            checked={large}
            color="#15803d"
            nativeProps={{ 'aria-label': '大字模式' }}
            onChange={(e) => setLargeText(e.detail.value)}
            data-testid="large-text-switch"
          />
        </View>
      </View>

      <CellGroup className="me-links">
        <Pressable onClick={go('/pkg-mine/reports/index')} label="我的上报">
          <Cell title="我的上报" extra="›" clickable />
        </Pressable>
        <Pressable onClick={go('/pkg-mine/followed/index')} label="我也遇到的" data-testid="go-followed">
          <Cell title="我也遇到的" extra="›" clickable />
        </Pressable>
        <Pressable onClick={go('/pkg-mine/rewards/index')} label="我的红包">
          <Cell title="我的红包" extra="›" clickable />
        </Pressable>
        <Pressable onClick={go('/pkg-user/privacy/index')} label="隐私政策与数据使用" data-testid="go-privacy">
          <Cell title="隐私政策与数据使用" extra="›" clickable />
        </Pressable>
        <Pressable onClick={go('/pkg-user/help/index')} label="使用帮助" data-testid="go-help">
          <Cell title="使用帮助" extra="›" clickable isLast />
        </Pressable>
      </CellGroup>

      <Pressable
        className="card"
        onClick={go('/pkg-staff/home/index')}
        label={staff ? '工作台：处置、核查案卷' : '工作人员入口：处置人员、巡查员凭绑定码绑定工作账号'}
        data-testid="go-staff"
      >
        <View className="row between">
          <View>
            <View>{staff ? '工作台' : '工作人员入口'}</View>
            <View className="muted small">{staff ? '处置、核查案卷' : '处置人员、巡查员凭绑定码绑定工作账号'}</View>
          </View>
          <Text className="muted" aria-hidden>
            ›
          </Text>
        </View>
      </Pressable>

      {loggedIn ? (
        <View className="card">
          <Button className="btn btn-ghost btn-block" onClick={() => void onLogout()}>
            退出登录
          </Button>
          {staff ? null : (
            <Button
              className={`btn btn-danger btn-block ${busy ? 'btn--disabled' : ''}`}
              style={{ marginTop: '10px' }}
              onClick={() => void onDelete()}
              data-testid="delete-account"
            >
              注销账号
            </Button>
          )}
        </View>
      ) : (
        <View className="muted" style={{ textAlign: 'center' }}>
          还没有登录：上报问题时会自动登录
        </View>
      )}
    </PageShell>
  );
}

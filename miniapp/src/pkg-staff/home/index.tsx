import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { ROLE_LABELS, type UserDto } from '@sansui/shared';
import { bindStaff, ensureLogin, errorMessage, getSessionUser, isStaff, logout } from '../../api';
import { getToken } from '../../api/token';
import { PageShell } from '../../components/PageShell';
import { staffApi } from '../api';
import { staffFeatures } from '../lib/roles';
import type { ResolveItem } from '../lib/resolve-outbox';
import { resolveOutbox, startResolveOutbox } from '../resolve-outbox';
import '../staff.scss';
import { Pressable } from '../../platform/Pressable';

const go = (url: string) => () => void Taro.navigateTo({ url });

/** 工作台：没绑定时输入绑定码；绑定后显示是谁、按角色给出功能，可以回到居民端 */
export default function StaffHome() {
  const [user, setUser] = useState<UserDto | null>(getSessionUser());
  const [deptName, setDeptName] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [pending, setPending] = useState<ResolveItem[]>(resolveOutbox.items());
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => resolveOutbox.subscribe(setPending), []);

  const refreshSession = async () => {
    // 旧版本只存了 token 没存身份：重新登录一次（绑定过的微信用户会拿回工作人员身份）
    if (getToken() && !getSessionUser()) {
      logout();
      await ensureLogin().catch(() => undefined);
    }
    setUser(getSessionUser());
  };

  // 回到工作台、刚绑定时刷新铃铛（在通知页读过的不再计数）
  const refreshUnread = useCallback(() => {
    staffApi
      .unreadNotices()
      .then((r) => setUnread(r.unread))
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    if (user && isStaff(user)) refreshUnread();
  }, [user, refreshUnread]);

  useDidShow(() => {
    void refreshSession();
    if (isStaff()) {
      startResolveOutbox();
      refreshUnread();
    }
  });

  useEffect(() => {
    if (!user || !isStaff(user) || user.departmentId === null) return;
    staffApi
      .departments()
      .then((ds) => setDeptName(ds.find((d) => d.id === user.departmentId)?.name ?? ''))
      .catch(() => undefined);
  }, [user]);

  const onBind = async () => {
    const typed = code.trim();
    if (busy) return;
    if (typed.replace(/[\s-]/g, '').length < 6) {
      setError('请输入管理员给你的绑定码');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const res = await bindStaff(typed);
      setUser(res.user);
      setCode('');
      startResolveOutbox();
      void Taro.showToast({ title: '绑定成功', icon: 'success' });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!user || !isStaff(user)) {
    return (
      <PageShell>
        <View className="card" data-testid="staff-bind">
          <View className="card-title">绑定工作人员账号</View>
          <View className="muted">
            处置人员、部门负责人、巡查员和调度员可以在手机上办案。请向管理员索取一次性绑定码（24
            小时内有效），在下面输入。绑定后，这个微信每次登录都是你的工作人员身份。
          </View>
          <Input
            className="staff-code-input"
            value={code}
            maxlength={16}
            placeholder="例如 K7QM-3XHD"
            onInput={(e) => setCode(e.detail.value.toUpperCase())}
            data-testid="bind-code-input"
          />
          {error ? (
            <View className="error-text" data-testid="bind-error" style={{ marginBottom: '8px' }}>
              {error}
            </View>
          ) : null}
          <Button
            className={`btn btn-primary btn-block ${busy ? 'btn--disabled' : ''}`}
            onClick={() => void onBind()}
            data-testid="bind-submit"
          >
            {busy ? '正在绑定…' : '绑定'}
          </Button>
        </View>
        <View className="card">
          <Button className="btn btn-ghost btn-block" onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>
            返回居民端
          </Button>
        </View>
      </PageShell>
    );
  }

  const f = staffFeatures(user.roles);
  const nothing = !f.departmentQueue && !f.verify && !f.report && !f.findings && !f.monitoring;
  const waiting = pending.filter((i) => i.state !== 'blocked').length;
  const blocked = pending.filter((i) => i.state === 'blocked').length;

  return (
    <PageShell>
      <View className="card" data-testid="staff-who">
        <View className="muted small">已绑定的工作人员账号</View>
        <View className="staff-who">{user.displayName}</View>
        <View className="muted">
          {user.roles.map((r) => ROLE_LABELS[r]).join('、')}
          {deptName ? ` · ${deptName}` : ''}
        </View>
      </View>

      {pending.length ? (
        <View className="card banner-warn" data-testid="staff-outbox">
          {waiting ? <View>{waiting} 条处置还没发出去，网络恢复后自动提交。</View> : null}
          {blocked ? <View>{blocked} 条处置被退回，请打开案卷重新处理。</View> : null}
        </View>
      ) : null}

      <View className="card">
        <Pressable className="staff-menu-item" onClick={go('/pkg-staff/notices/index')} data-testid="go-notices" data-unread={unread ?? ''}>
          <View>
            <View>通知</View>
            <View className="muted small">督办提醒、超期、退单、核查未通过……点开直达案卷</View>
          </View>
          <View className="row">
            {unread ? (
              <Text className="staff-badge" data-testid="notice-badge">
                {unread > 99 ? '99+' : unread}
              </Text>
            ) : null}
            <Text className="muted" aria-hidden>
              ›
            </Text>
          </View>
        </Pressable>
        {f.departmentQueue ? (
          <Pressable className="staff-menu-item" onClick={go('/pkg-staff/queue/index?mode=dept')} data-testid="go-queue">
            <View>
              <View>部门待办</View>
              <View className="muted small">按剩余时间排序，超期的在最前</View>
            </View>
            <Text className="muted" aria-hidden>
              ›
            </Text>
          </Pressable>
        ) : null}
        {f.departmentQueue ? (
          <Pressable className="staff-menu-item" onClick={go('/pkg-staff/supervision/index')} data-testid="go-supervision">
            <View>
              <View>督办通知</View>
              <View className="muted small">爱卫办督办的问题清单，现场拍照填写整改回复</View>
            </View>
            <Text className="muted" aria-hidden>
              ›
            </Text>
          </Pressable>
        ) : null}
        {f.verify ? (
          <Pressable className="staff-menu-item" onClick={go('/pkg-staff/queue/index?mode=verify')} data-testid="go-verify">
            <View>
              <View>待核查</View>
              <View className="muted small">到现场看处置结果，通过或返工</View>
            </View>
            <Text className="muted" aria-hidden>
              ›
            </Text>
          </Pressable>
        ) : null}
        {f.findings ? (
          <Pressable className="staff-menu-item" onClick={go('/pkg-staff/findings/index')} data-testid="go-findings">
            <View>
              <View>检查记录</View>
              <View className="muted small">暗访、明查时在现场记录检查发现</View>
            </View>
            <Text className="muted" aria-hidden>
              ›
            </Text>
          </Pressable>
        ) : null}
        {f.monitoring ? (
          <Pressable className="staff-menu-item" onClick={go('/pkg-staff/monitoring/index')} data-testid="go-monitoring">
            <View>
              <View>重点监控点位</View>
              <View className="muted small">反复出问题的地点，检查时到场复查</View>
            </View>
            <Text className="muted" aria-hidden>
              ›
            </Text>
          </Pressable>
        ) : null}
        {f.report ? (
          <Pressable className="staff-menu-item" onClick={go('/pkg-report/snap/index')} data-testid="go-inspector-report">
            <View>
              <View>巡查上报</View>
              <View className="muted small">发现问题随手拍，记为巡查上报</View>
            </View>
            <Text className="muted" aria-hidden>
              ›
            </Text>
          </Pressable>
        ) : null}
        {nothing ? <View className="muted">你的角色在手机上暂时没有可办的事项，请使用管理后台。</View> : null}
      </View>

      <View className="card">
        <Button
          className="btn btn-ghost btn-block"
          onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}
          data-testid="back-to-resident"
        >
          返回居民端
        </Button>
        <View className="muted small" style={{ marginTop: '8px', textAlign: 'center' }}>
          解除绑定请联系管理员
        </View>
      </View>
    </PageShell>
  );
}

import { ROLE_LABELS } from '@sansui/shared';
import { App as AntApp, Button, Layout, Menu, Result, Space, Tag, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { canOpen, homePath, menuFor } from './access';
import { setUnauthorizedHandler } from './api/client';
import { setErrorSinks } from './api/errors';
import { useAuth } from './auth';
import { resetDicts } from './lib/dicts';
import { ROUTES } from './routes';
import { LoginPage } from './pages/LoginPage';
import { CaseDetailPage } from './pages/CaseDetailPage';
import { NoticeBell } from './components/NoticeBell';

export function App() {
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { logout } = useAuth();
  useEffect(() => {
    const toLogin = () => {
      logout();
      resetDicts();
      navigate('/login', { replace: true });
    };
    setUnauthorizedHandler(toLogin);
    setErrorSinks({ toast: (t) => void message.error(t), toLogin });
  }, [message, navigate, logout]);
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/*" element={<Shell />} />
    </Routes>
  );
}

function Guard({ path, children }: { path: string; children: ReactNode }) {
  const { user } = useAuth();
  if (!canOpen(user?.roles, path)) return <Result status="403" title="无权访问" subTitle="您的角色不能使用此页面" />;
  return <>{children}</>;
}

function Shell() {
  const { user, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const groups = menuFor(user.roles);
  const selected = groups.flatMap((g) => g.items).find((i) => location.pathname.startsWith(i.path))?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>三随管理后台</div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          defaultOpenKeys={groups.map((g) => g.key)}
          items={groups.map((g) => ({
            key: g.key,
            label: g.label,
            type: 'group' as const,
            children: g.items.map((i) => ({ key: i.path, label: i.label })),
          }))}
          onClick={(e) => navigate(e.key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space>
            <NoticeBell />
            <Typography.Text data-testid="current-user">{user.displayName ?? user.username}</Typography.Text>
            {user.roles.map((r) => (
              <Tag key={r}>{ROLE_LABELS[r]}</Tag>
            ))}
            <Button
              onClick={() => {
                logout();
                resetDicts();
                navigate('/login');
              }}
            >
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Routes>
            <Route index element={<Navigate to={homePath(user.roles)} replace />} />
            {ROUTES.map((r) => (
              <Route key={r.path} path={r.path.slice(1)} element={<Guard path={r.path}>{r.element}</Guard>} />
            ))}
            <Route
              path="cases/:id"
              element={
                <Guard path="/cases/x">
                  <CaseDetailPage />
                </Guard>
              }
            />
            <Route path="no-access" element={<Result status="403" title="没有可用的功能" subTitle="请联系管理员为您分配角色" />} />
            <Route path="*" element={<Result status="404" title="页面不存在" />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

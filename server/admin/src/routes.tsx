import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';

/** Loads a screen on first use, so the login page and the first screen do not wait for ECharts and the config screens. */
function page<M>(load: () => Promise<M>, name: keyof M): ReactNode {
  const C = lazy(() => load().then((m) => ({ default: m[name] as unknown as ComponentType })));
  return (
    <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
      <C />
    </Suspense>
  );
}

const dispatch = () => import('./pages/dispatch/queues');
const stats = () => import('./pages/stats/StatsPages');
const dispatchQuality = () => import('./pages/stats/DispatchQualityPage');
const config = () => import('./pages/admin/ConfigPages');
const evaluation = () => import('./pages/evaluation');

/** Route → screen. Which role may open which route is decided in access.ts (MENU). */
export const ROUTES: { path: string; element: ReactNode }[] = [
  { path: '/dispatch/triage', element: page(dispatch, 'TriagePage') },
  { path: '/dispatch/board', element: page(dispatch, 'DispatchBoardPage') },
  { path: '/dispatch/verify', element: page(dispatch, 'VerifyPage') },
  { path: '/dispatch/extensions', element: page(() => import('./pages/dispatch/ExtensionsPage'), 'ExtensionsPage') },
  { path: '/dispatch/reopen', element: page(() => import('./pages/dispatch/ReopenPage'), 'ReopenPage') },
  { path: '/dispatch/moderation', element: page(() => import('./pages/dispatch/ModerationPage'), 'ModerationPage') },
  { path: '/dispatch/hotline', element: page(() => import('./pages/dispatch/HotlinePage'), 'HotlinePage') },
  { path: '/dept/queue', element: page(dispatch, 'DeptQueuePage') },
  { path: '/dept/kpi', element: page(stats, 'DeptKpiPage') },
  { path: '/audit/rewards', element: page(() => import('./pages/audit/RewardsPage'), 'RewardsPage') },
  { path: '/audit/batches', element: page(() => import('./pages/audit/BatchesPage'), 'BatchesPage') },
  { path: '/audit/ledger', element: page(() => import('./pages/audit/LedgerPage'), 'LedgerPage') },
  { path: '/audit/statements', element: page(() => import('./pages/audit/StatementsPage'), 'StatementsPage') },
  { path: '/audit/fraud-settings', element: page(() => import('./pages/audit/FraudSettingsPage'), 'FraudSettingsPage') },
  { path: '/config/fraud-settings', element: page(() => import('./pages/audit/FraudSettingsPage'), 'FraudSettingsPage') },
  { path: '/audit/chain', element: page(() => import('./pages/audit/AuditChainPage'), 'AuditChainPage') },
  { path: '/audit/exports', element: page(() => import('./pages/audit/ExportsPage'), 'ExportsPage') },
  { path: '/stats/campaign', element: page(stats, 'CampaignBoardPage') },
  { path: '/stats/departments', element: page(stats, 'DepartmentRankingPage') },
  { path: '/stats/trends', element: page(stats, 'TrendsPage') },
  { path: '/stats/circular', element: page(stats, 'CircularPage') },
  { path: '/stats/dispatch-quality', element: page(dispatchQuality, 'DispatchQualityPage') },
  { path: '/config/categories', element: page(config, 'CategoriesPage') },
  { path: '/config/departments', element: page(config, 'DepartmentsPage') },
  { path: '/config/users', element: page(config, 'UsersPage') },
  { path: '/config/areas', element: page(() => import('./pages/admin/AreasPage'), 'AreasPage') },
  { path: '/config/zones', element: page(config, 'ZonesPage') },
  { path: '/config/routing-rules', element: page(config, 'RoutingRulesPage') },
  { path: '/config/campaigns', element: page(config, 'CampaignsPage') },
  { path: '/evaluation/rounds', element: page(evaluation, 'RoundsPage') },
  { path: '/evaluation/rounds/:id', element: page(evaluation, 'RoundDetailPage') },
  { path: '/evaluation/ranking', element: page(evaluation, 'RankingPage') },
  { path: '/evaluation/checklist', element: page(evaluation, 'ChecklistPage') },
  { path: '/evaluation/quarter', element: page(evaluation, 'QuarterPage') },
  { path: '/evaluation/briefing', element: page(evaluation, 'BriefingPage') },
  { path: '/evaluation/supervision', element: page(evaluation, 'SupervisionListPage') },
  { path: '/evaluation/monitoring', element: page(evaluation, 'MonitoringPage') },
  { path: '/evaluation/supervision/:id', element: page(evaluation, 'SupervisionDetailPage') },
  { path: '/dept/supervision', element: page(evaluation, 'SupervisionListPage') },
  { path: '/dept/supervision/:id', element: page(evaluation, 'SupervisionDetailPage') },
];

export { ChecklistPage } from './ChecklistPage';
export { RankingPage } from './RankingPage';
export { RoundDetailPage } from './RoundDetailPage';
export { RoundsPage } from './RoundsPage';
export { SupervisionDetailPage, SupervisionListPage } from './SupervisionPages';
export { BriefingPage } from './BriefingPage';
export { QuarterPage } from './QuarterPage';
export { MonitoringPage } from './MonitoringPage';

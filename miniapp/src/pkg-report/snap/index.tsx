import { PageShell } from '../../components/PageShell';
import { ReportForm } from '../components/ReportForm';

export default function SnapPage() {
  return (
    <PageShell>
      <ReportForm kind="snap" />
    </PageShell>
  );
}

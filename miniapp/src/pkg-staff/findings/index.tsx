import { useEffect, useState } from 'react';
import type { ChecklistItemDto, RoundSummaryDto } from '@sansui/shared';
import { errorMessage, getSessionUser } from '../../api';
import { PageShell } from '../../components/PageShell';
import { staffApi } from '../api';
import { FindingForm } from '../components/FindingForm';
import { ListStatus } from '../components/ListStatus';
import { recordableRounds } from '../lib/rounds';
import '../staff.scss';

/** 检查记录（巡查员、调度员）：检查中的暗访 / 明查轮次里录入检查发现 */
export default function StaffFindingsPage() {
  const [rounds, setRounds] = useState<RoundSummaryDto[] | null>(null);
  const [items, setItems] = useState<ChecklistItemDto[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    const user = getSessionUser();
    Promise.all([staffApi.rounds(), staffApi.checklist()])
      .then(([rs, checklist]) => {
        setRounds(user ? recordableRounds(rs, user) : []);
        setItems(checklist.items);
      })
      .catch((err) => setError(errorMessage(err)));
  }, []);

  return (
    <PageShell>
      <ListStatus
        error={error}
        items={rounds}
        empty="现在没有安排给你的检查轮次（暗访、明查由调度员在管理后台建立）。"
        emptyTestId="finding-no-round"
      />
      {rounds && rounds.length > 0 && items.length ? <FindingForm rounds={rounds} items={items} /> : null}
    </PageShell>
  );
}

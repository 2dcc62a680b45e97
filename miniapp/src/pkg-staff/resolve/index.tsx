import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { PageShell } from '../../components/PageShell';
import { staffApi, type StaffCase } from '../api';
import { ResolveForm } from '../components/ResolveForm';
import { resolveOutbox, startResolveOutbox } from '../resolve-outbox';
import '../staff.scss';

/** 处置完毕页：案卷 → 现场拍照、说明 → 提交，显示取证结论 */
export default function StaffResolvePage() {
  const id = Number(useRouter().params.id);
  const [c, setCase] = useState<StaffCase | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    startResolveOutbox();
    staffApi
      .case(id)
      .then(setCase)
      .catch((err) => setError(errorMessage(err)));
  }, [id]);

  return (
    <PageShell>
      {c ? (
        <ResolveForm c={c} outbox={resolveOutbox} onDone={() => void Taro.navigateBack()} />
      ) : (
        <View className={error ? 'empty' : 'muted'} style={{ textAlign: 'center', marginTop: '40px' }}>
          {error || '加载中…'}
        </View>
      )}
    </PageShell>
  );
}

import { View } from '@tarojs/components';
import { PageShell } from '../../components/PageShell';
import { ReportForm } from '../components/ReportForm';

export default function PickupPage() {
  return (
    <PageShell>
      <View className="muted" style={{ margin: '0 4px 10px' }}>
        顺手清理了？拍下同一地点清理前和清理后的照片，核实后有红包。
      </View>
      <ReportForm kind="pickup" />
    </PageShell>
  );
}

import { View } from '@tarojs/components';
import { PageShell } from '../../components/PageShell';

const QA: [string, string][] = [
  ['什么是随手拍？', '看到暴露垃圾、垃圾桶满溢、乱堆乱放等问题，拍照、确认位置、选个类型就能提交，我们会派给负责的部门处理。'],
  ['什么是随手捡？', '你顺手把问题清理了：拍一张清理前、一张清理后的照片（同一地点），核实后同样有红包。'],
  ['红包怎么领？', '问题核实后，红包出现在“我的红包”。点“领取”，在微信里确认收款，钱会转入微信零钱。24 小时内没确认会退回，可以重新领取。'],
  ['网络不好怎么办？', '直接提交就行。没发出去的内容会保存在手机上，网络恢复后自动提交，不会重复。'],
  ['多久能处理？', '不同问题有不同时限，比如暴露垃圾 4 小时内处理。进度会显示在“我的上报”里。'],
  ['处理得不满意？', '办结后 7 天内，在详情里点“没有解决”并拍一张照片，我们会安排重新处理。'],
];

export default function Help() {
  return (
    <PageShell>
      {QA.map(([q, a]) => (
        <View className="card" key={q}>
          <View className="card-title">{q}</View>
          <View>{a}</View>
        </View>
      ))}
    </PageShell>
  );
}

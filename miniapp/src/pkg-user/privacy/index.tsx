import { View } from '@tarojs/components';
import { PageShell } from '../../components/PageShell';

const SECTIONS: { title: string; body: string[] }[] = [
  {
    title: '我们收集什么',
    body: [
      '微信身份标识（openid）：用于登录和发放红包，不会公开。',
      '你上报时拍的照片、选择的位置和填写的说明：用于核实和处理问题。',
      '设备定位：只在你开始上报时获取，用来标记问题地点。',
    ],
  },
  {
    title: '怎么使用',
    body: [
      '照片、位置和说明会交给负责的部门处理。',
      '照片会去掉拍摄信息（EXIF），并经过内容安全检查。',
      '对外展示（如“附近问题”）时，位置只显示大概范围，不显示你的身份。',
      '红包通过微信支付商家转账发放，需要你在微信里确认收款。',
    ],
  },
  {
    title: '保存多久',
    body: ['上报和处理记录按城市管理档案要求保存。', '注销账号后，你的个人信息会被删除或匿名化，问题记录和资金记录以匿名方式保留。'],
  },
  {
    title: '你的权利',
    body: ['你可以随时在“我的”里退出登录或注销账号。', '对个人信息处理有疑问，可以拨打 12345 政务服务热线。'],
  },
];

export default function Privacy() {
  return (
    <PageShell>
      <View className="card">
        <View className="card-title">隐私保护指引</View>
        <View className="muted">三随小程序由本市爱卫办运营，只为处理城市环境卫生问题收集必要的信息。</View>
      </View>
      {SECTIONS.map((s) => (
        <View className="card" key={s.title}>
          <View className="card-title">{s.title}</View>
          {s.body.map((line) => (
            <View key={line} className="para">
              · {line}
            </View>
          ))}
        </View>
      ))}
    </PageShell>
  );
}

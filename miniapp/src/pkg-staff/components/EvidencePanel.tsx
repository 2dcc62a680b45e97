import { Text, View } from '@tarojs/components';
import type { Evidence, EvidenceCheck } from '../api';

/** 每项检查的中文名（docs/domain.md §14） */
const CHECK_LABELS: Record<EvidenceCheck['code'], string> = {
  ON_SITE: '在现场拍摄',
  FRESH: '接单后拍摄',
  NEW_PICTURE: '新拍的照片',
  CAMERA: '相机现拍',
  EXIF_AGREES: '照片信息一致',
};

function outcome(c: EvidenceCheck): EvidenceCheck['outcome'] {
  // 没有 outcome 的旧回答：按 ok 判断
  return c.outcome ?? (c.ok ? 'pass' : 'fail');
}

const MARK = { pass: '✓', fail: '✗', unknown: '?' } as const;

/** 处置证据（或核查照片）的核验结论：已核实 / 未核实，以及每项检查为什么 */
export function EvidencePanel({ evidence, label = '处置证据' }: { evidence: Evidence; label?: string }) {
  return (
    <View
      className={`evidence ${evidence.verified ? 'evidence--ok' : 'evidence--bad'}`}
      data-testid="evidence"
      data-verified={evidence.verified ? '1' : '0'}
    >
      <View className="evidence-title">{`${label}：${evidence.verified ? '已核实' : '未核实'}`}</View>
      {!evidence.verified && label === '处置证据' ? <View className="muted small">未核实的处置，核查时需要写明核查情况。</View> : null}
      {evidence.checks.map((c) => (
        <View className="evidence-check" key={c.code} data-testid={`evidence-${c.code}`} data-outcome={outcome(c)}>
          <Text className={`evidence-mark evidence-mark--${outcome(c)}`}>{MARK[outcome(c)]}</Text>
          <View>
            <View>{c.code === 'FRESH' && label !== '处置证据' ? '办结后拍摄' : (CHECK_LABELS[c.code] ?? c.code)}</View>
            {c.detail ? <View className="muted small">{c.detail}</View> : null}
          </View>
        </View>
      ))}
    </View>
  );
}

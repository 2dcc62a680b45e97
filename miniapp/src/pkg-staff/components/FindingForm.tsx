import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ROUND_KIND_LABELS, type ChecklistItemDto, type RoundSummaryDto } from '@sansui/shared';
import { showError } from '../../api';
import { PhotoPicker } from '../../components/PhotoPicker';
import { staffApi } from '../api';
import { captureLocation } from '../lib/resolve-outbox';
import { groupBySection } from '../lib/rounds';
import { ChoiceRow } from './ChoiceRow';
import { useCameraPhotos } from './useCameraPhotos';
import { Pressable } from '../../platform/Pressable';

const MAX_PHOTOS = 6;

interface Props {
  rounds: RoundSummaryDto[];
  items: ChecklistItemDto[];
  /** 从重点监控点位进来时先选好的条目 */
  initialItemCode?: string;
}

/**
 * 检查发现（docs/domain.md §16）：在现场选轮次和细则条目，用相机拍照（带拍摄时间和位置），填次数和说明。
 * 位置取照片的拍摄位置；手机没给出位置时不提交（从不替检查人员编一个位置）。
 */
export function FindingForm({ rounds, items, initialItemCode }: Props) {
  const [roundId, setRoundId] = useState(rounds[0]?.id);
  const [itemCode, setItemCode] = useState<string | undefined>(initialItemCode);
  const camera = useCameraPhotos(MAX_PHOTOS);
  const { photos } = camera;
  const [count, setCount] = useState(1);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [recorded, setRecorded] = useState<{ id: number; text: string; deduction: number }[]>([]);

  const item = items.find((i) => i.code === itemCode);
  const where = captureLocation(photos);

  const onSubmit = async () => {
    if (busy) return;
    if (!roundId || !item) return void Taro.showToast({ title: '请选择检查条目', icon: 'none' });
    if (!photos.length) return void Taro.showToast({ title: '请在现场拍照', icon: 'none' });
    if (!where) return void Taro.showToast({ title: '没拿到拍摄位置：请打开定位后重拍', icon: 'none' });
    setBusy(true);
    try {
      const ids = await camera.uploadAll();
      const res = await staffApi.addFinding(roundId, {
        itemCode: item.code,
        location: where,
        photoIds: ids,
        count,
        note: note.trim() || undefined,
      });
      setRecorded((old) => [{ id: res.id, text: item.text, deduction: res.deduction }, ...old]);
      camera.clear();
      setCount(1);
      setNote('');
      void Taro.showToast({ title: `已记录，扣 ${res.deduction} 分`, icon: 'none' });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="has-submit-bar">
      {rounds.length > 1 ? (
        <View className="card">
          <View className="card-title">检查轮次</View>
          <ChoiceRow
            label="检查轮次"
            choices={rounds.map((r) => ({ value: r.id, text: `${ROUND_KIND_LABELS[r.kind]} · ${r.name}` }))}
            value={roundId}
            onChange={setRoundId}
          />
        </View>
      ) : (
        <View className="card muted" data-testid="finding-round">
          {ROUND_KIND_LABELS[rounds[0].kind]} · {rounds[0].name}（{rounds[0].month}）
        </View>
      )}

      <View className="card">
        <View className="card-title">检查条目</View>
        {groupBySection(items).map((g) => (
          <View key={g.section} style={{ marginBottom: '8px' }}>
            <View className="muted small">{g.section}</View>
            <ChoiceRow
              list
              label={g.section}
              choices={g.items.map((i) => ({
                value: i.code,
                text: `${i.text}（每处扣 ${i.deduction} 分）`,
                testid: `finding-item-${i.code}`,
              }))}
              value={itemCode}
              onChange={setItemCode}
            />
          </View>
        ))}
      </View>

      <View className="card">
        <View className="card-title">
          现场照片 <Text className="muted">（相机现拍）</Text>
        </View>
        <PhotoPicker
          testid="finding-photos"
          photos={photos}
          progress={camera.progress}
          max={MAX_PHOTOS}
          addLabel="拍照"
          onAdd={() => void camera.add()}
          onRemove={camera.remove}
          onRetry={() => void onSubmit()}
        />
        {photos.length && !where ? <View className="error-text">没拿到拍摄位置：请打开手机定位后重拍</View> : null}
        <View className="row between" style={{ marginTop: '10px' }}>
          <Text>发现几处</Text>
          <View className="row" style={{ gap: '12px' }}>
            <Pressable as="text" className="choice" label="少一处" onClick={() => setCount((c) => Math.max(1, c - 1))}>
              －
            </Pressable>
            <Text data-testid="finding-count" aria-live="polite">
              {count}
            </Text>
            <Pressable
              as="text"
              className="choice"
              label="多一处"
              onClick={() => setCount((c) => Math.min(99, c + 1))}
              data-testid="finding-more"
            >
              ＋
            </Pressable>
          </View>
        </View>
        <Textarea
          className="textarea"
          value={note}
          maxlength={500}
          placeholder="说明（选填），例如：人行道上堆放建筑垃圾约 2 平方米"
          onInput={(e) => setNote(e.detail.value)}
          data-testid="finding-note"
        />
      </View>

      {recorded.length ? (
        <View className="card" data-testid="finding-recorded">
          <View className="card-title">本次已记录</View>
          {recorded.map((r) => (
            <View key={r.id} className="muted">
              {r.text} · 扣 {r.deduction} 分
            </View>
          ))}
        </View>
      ) : null}

      <View className="submit-bar">
        <View className="muted small ellipsis" style={{ textAlign: 'center', marginBottom: '6px' }} data-testid="finding-selected">
          {item ? `已选：${item.text}` : '请在上面选择检查条目'}
        </View>
        <Button
          className={`btn btn-primary btn-block ${busy ? 'btn--disabled' : ''}`}
          onClick={() => void onSubmit()}
          data-testid="finding-submit"
        >
          {busy ? '正在提交…' : '记录这条发现'}
        </Button>
      </View>
    </View>
  );
}

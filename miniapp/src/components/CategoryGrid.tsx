import { Text, View } from '@tarojs/components';
import { Pressable } from '../platform/Pressable';

export interface CategoryItem {
  code: string;
  name: string;
  hint?: string;
}

const COLORS = ['#16a34a', '#0ea5e9', '#f97316', '#8b5cf6', '#ef4444', '#14b8a6', '#eab308', '#6366f1', '#ec4899'];

/** 每个分类一个固定颜色（按 code 计算，排序变化时颜色不跟着变） */
export function categoryColor(code: string): string {
  let h = 0;
  for (let i = 0; i < code.length; i++) h = (h * 31 + code.charCodeAt(i)) >>> 0;
  return COLORS[h % COLORS.length];
}

/** 分类的图标：名称的第一个字 */
export function categoryGlyph(name: string): string {
  const m = name.replace(/["“”'\s]/g, '').match(/[\u4e00-\u9fa5A-Za-z]/);
  return m ? m[0] : '?';
}

/**
 * 分类格：每格一个图标、完整的分类名称（放不下就换行，大字模式一行一格）和提示；
 * 选中后、详情里显示的也是这同一个名称。recent 里的分类（最近上报用过的）排在最前并标“最近”，
 * 调用方负责排序（orderByRecent）。
 */
export function CategoryGrid({
  items,
  selected,
  recent = [],
  onSelect,
}: {
  items: CategoryItem[];
  selected?: string;
  recent?: string[];
  onSelect: (code: string) => void;
}) {
  const current = items.find((c) => c.code === selected);
  return (
    <View>
      <View className="cats" data-testid="category-grid" role="radiogroup" aria-label="问题类型">
        {items.map((c) => (
          <Pressable
            key={c.code}
            className={`cat ${c.code === selected ? 'cat--on' : ''}`}
            onClick={() => onSelect(c.code)}
            data-testid={`category-${c.code}`}
            role="radio"
            checked={c.code === selected}
            label={c.hint ? `${c.name}：${c.hint}` : c.name}
          >
            <View className="cat-icon" style={{ background: categoryColor(c.code) }} aria-hidden>
              {categoryGlyph(c.name)}
            </View>
            <View className="cat-text">
              <View className="cat-name-row">
                <Text className="cat-name">{c.name}</Text>
                {recent.includes(c.code) ? <Text className="cat-recent">最近</Text> : null}
              </View>
              {c.hint ? <View className="cat-hint">{c.hint}</View> : null}
            </View>
          </Pressable>
        ))}
      </View>
      {current ? (
        <View className="cat-picked" style={{ marginTop: '8px' }} data-testid="category-picked">
          已选：{current.name}
          {current.hint ? <Text className="muted">（{current.hint}）</Text> : null}
        </View>
      ) : null}
    </View>
  );
}

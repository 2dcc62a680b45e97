import { Text, View } from '@tarojs/components';

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

/** 只显示名称里“、/”前的第一段，格子里放得下 */
export function shortName(name: string): string {
  return name
    .split(/[、/（(]/)[0]
    .replace(/["“”]/g, '')
    .trim();
}

/**
 * 分类格：每格一个图标、短名称和一行提示；recent 里的分类（最近上报用过的）排在最前并标“最近”，
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
      <View className="cats" data-testid="category-grid">
        {items.map((c) => (
          <View
            key={c.code}
            className={`cat ${c.code === selected ? 'cat--on' : ''}`}
            onClick={() => onSelect(c.code)}
            data-testid={`category-${c.code}`}
          >
            <View className="cat-icon" style={{ background: categoryColor(c.code) }}>
              {categoryGlyph(c.name)}
            </View>
            <View className="cat-text">
              <View className="cat-name-row">
                <Text className="cat-name">{shortName(c.name)}</Text>
                {recent.includes(c.code) ? <Text className="cat-recent">最近</Text> : null}
              </View>
              {c.hint ? <View className="cat-hint">{c.hint}</View> : null}
            </View>
          </View>
        ))}
      </View>
      {current ? (
        <View className="muted" style={{ marginTop: '8px' }}>
          {current.name}：{current.hint}
        </View>
      ) : null}
    </View>
  );
}

/**
 * The heat map's colour scale: whole-number buckets of report counts, one colour each from a single-hue
 * sequential palette (ColorBrewer YlOrRd: light = few, dark red = many; readable without telling red from
 * green), and "0 件" in neutral grey. The same buckets colour the map (ECharts piecewise visualMap) and the
 * legend people read, so the two cannot disagree.
 */
export interface HeatPiece {
  min: number;
  max: number;
  color: string;
  label: string;
}

const PALETTE = ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'];
export const HEAT_ZERO_COLOR = '#f0f0f0';

export function heatPieces(maxCount: number, buckets = 5): HeatPiece[] {
  const zero: HeatPiece = { min: 0, max: 0, color: HEAT_ZERO_COLOR, label: '0 件' };
  const top = Math.max(0, Math.floor(maxCount));
  if (top === 0) return [zero];
  const step = Math.ceil(top / buckets);
  const n = Math.ceil(top / step);
  const pieces = [zero];
  for (let i = 0; i < n; i++) {
    const min = i * step + 1;
    const max = Math.min(top, (i + 1) * step);
    // Spread the buckets over the whole palette so the darkest colour always means "the most".
    const color = PALETTE[n === 1 ? PALETTE.length - 1 : Math.round(((i + 1) / n) * (PALETTE.length - 1))];
    pieces.push({ min, max, color, label: min === max ? `${min} 件` : `${min}–${max} 件` });
  }
  return pieces;
}

/** Dark text on the light buckets, white on the dark ones (WCAG AA contrast for the cell labels). */
export function labelColorOn(background: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(background.slice(i, i + 2), 16) / 255);
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return luminance > 0.25 ? '#1f1f1f' : '#ffffff';
}

export function pieceOf(pieces: HeatPiece[], value: number): HeatPiece {
  return pieces.find((p) => value >= p.min && value <= p.max) ?? pieces[pieces.length - 1];
}

import { describe, expect, it } from 'vitest';
import { HEAT_ZERO_COLOR, heatPieces, labelColorOn, pieceOf } from './heat-scale';

describe('heat map colour scale', () => {
  it('splits counts into whole-number buckets with readable labels; zero is grey', () => {
    expect(heatPieces(6).map((p) => p.label)).toEqual(['0 件', '1–2 件', '3–4 件', '5–6 件']);
    expect(heatPieces(3).map((p) => p.label)).toEqual(['0 件', '1 件', '2 件', '3 件']);
    expect(heatPieces(0)).toEqual([{ min: 0, max: 0, color: HEAT_ZERO_COLOR, label: '0 件' }]);
    expect(heatPieces(120).map((p) => p.label)).toEqual(['0 件', '1–24 件', '25–48 件', '49–72 件', '73–96 件', '97–120 件']);
  });

  it('gets darker with more reports, and the most reports get the darkest colour', () => {
    const colors = heatPieces(6).map((p) => p.color);
    expect(new Set(colors).size).toBe(colors.length);
    expect(colors[colors.length - 1]).toBe('#bd0026');
    expect(heatPieces(1)[1].color).toBe('#bd0026');
  });

  it('finds the bucket of a count', () => {
    const pieces = heatPieces(6);
    expect(pieceOf(pieces, 0).label).toBe('0 件');
    expect(pieceOf(pieces, 4).label).toBe('3–4 件');
    expect(pieceOf(pieces, 6).label).toBe('5–6 件');
  });

  it('labels cells in dark text on light colours and white on dark ones', () => {
    expect(labelColorOn('#ffffb2')).toBe('#1f1f1f');
    expect(labelColorOn(HEAT_ZERO_COLOR)).toBe('#1f1f1f');
    expect(labelColorOn('#bd0026')).toBe('#ffffff');
  });
});

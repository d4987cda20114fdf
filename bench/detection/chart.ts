/** The PNG bar chart: power within 2 cycles per scenario for tripline, the naive diff and the oracle. */
import { Raster, type Rgb } from './png.js';

export interface ChartRow {
  label: string;
  tripline: number;
  naive: number;
  /** null: the oracle has no power on this observation (drawn as n/a). */
  oracle: number | null;
  /** Small print under the label (e.g. the naive false-alarm rate). */
  note: string;
}

const SERIES: { name: string; color: Rgb }[] = [
  { name: 'tripline', color: [31, 119, 180] },
  { name: 'naive exact diff', color: [214, 39, 40] },
  { name: 'oracle LR test', color: [120, 120, 120] },
];

export function powerChart(rows: readonly ChartRow[]): Buffer {
  const groupW = 190;
  const [left, top, plotH] = [70, 70, 300];
  const width = Math.max(820, left + rows.length * groupW + 20);
  const height = top + plotH + 90;
  const r = new Raster(width, height);
  r.text(left, 12, 'Power within 2 cycles after drift starts (alpha 0.001, default budget)', [0, 0, 0], 2);
  SERIES.forEach((s, i) => {
    const x = left + i * 230;
    r.rect(x, 40, 14, 14, s.color);
    r.text(x + 20, 41, s.name, [0, 0, 0], 2);
  });
  for (let t = 0; t <= 10; t += 2) {
    const y = top + plotH - (t / 10) * plotH;
    r.rect(left, y, rows.length * groupW, 1, t === 0 ? [0, 0, 0] : [225, 225, 225]);
    r.text(left - 44, y - 7, (t / 10).toFixed(1), [0, 0, 0], 2);
  }
  const y95 = top + plotH - 0.95 * plotH;
  for (let x = left; x < left + rows.length * groupW; x += 8) r.rect(x, y95, 4, 1, [0, 150, 0]);
  rows.forEach((row, g) => {
    const x0 = left + g * groupW + 20;
    [row.tripline, row.naive, row.oracle].forEach((v, i) => {
      const x = x0 + i * 50;
      if (v === null) r.text(x + 4, top + plotH - 20, 'NA', [90, 90, 90], 2);
      else r.rect(x, top + plotH - v * plotH, 44, Math.max(1, v * plotH), SERIES[i]!.color);
    });
    r.text(x0 - 10, top + plotH + 10, row.label.slice(0, 15), [0, 0, 0], 2);
    r.text(x0 - 10, top + plotH + 34, row.note.slice(0, 30), [80, 80, 80], 1);
  });
  return r.png();
}

import { Html, escapeHtml, html, utc } from './html.js';

const STATUS_COLOUR: Record<string, string> = { ok: '#2da44e', recorded: '#0969da', unavailable: '#8c959f', skipped: '#d0d7de' };

/** Status history at a glance: one bar per run, oldest left (a path per colour keeps it a few hundred bytes). */
export function sparkline(resultsNewestFirst: readonly string[], width = 60): Html {
  const n = resultsNewestFirst.length;
  if (n === 0) return html`<svg class="spark" width="${width}" height="10" role="img" aria-label="no runs yet"></svg>`;
  const bar = width / Math.max(n, 12);
  const paths = new Map<string, string>();
  [...resultsNewestFirst].reverse().forEach((r, i) => {
    const colour = STATUS_COLOUR[r] ?? '#d0d7de';
    paths.set(colour, `${paths.get(colour) ?? ''}M${(i * bar).toFixed(1)} 0h${Math.max(1, bar - 1).toFixed(1)}v10h-${Math.max(1, bar - 1).toFixed(1)}z`);
  });
  const body = [...paths].map(([c, d]) => `<path fill="${c}" d="${d}"/>`).join('');
  return new Html(`<svg class="spark" width="${width}" height="10" role="img" aria-label="last ${n} runs">${body}</svg>`);
}

/** One line of a chart: (epoch s, value) points. */
export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
}

/** A vertical marker: an event on the timeline. */
export interface Marker {
  at: number;
  /** finding | confirmed | accepted | silenced | resolved */
  type: string;
  label: string;
}

export interface ChartOptions {
  title: string;
  series: readonly Series[];
  /** [from, to] epoch seconds of the x axis. */
  range: readonly [number, number];
  /** The baseline band: the usual range of the measurement under the current baseline. */
  band?: readonly [number, number] | undefined;
  /** p-value chart: log axis and the α line. */
  alpha?: number | undefined;
  markers?: readonly Marker[];
  id?: string;
}

const W = 460;
const H = 170;
const PAD = { left: 46, right: 8, top: 8, bottom: 22 };
const LINE_COLOURS = ['#0969da', '#8250df', '#bf3989', '#1a7f37', '#9a6700', '#57606a'];
export const MARKER_COLOUR: Record<string, string> = {
  finding: '#cf222e',
  confirmed: '#bc4c00',
  accepted: '#0969da',
  silenced: '#8c959f',
  resolved: '#1a7f37',
};

/**
 * A time series as inline SVG: points and line per series, the baseline band as a shaded range, the
 * α line on p-value charts (log axis), event markers as dashed verticals with a tooltip.
 */
export function timeSeries(o: ChartOptions): Html {
  const [x0, x1] = o.range[1] > o.range[0] ? o.range : [o.range[0], o.range[0] + 1];
  const log = o.alpha !== undefined;
  const all = o.series.flatMap((s) => s.points.map((p) => p[1]));
  const tr = (v: number): number => (log ? Math.log10(Math.max(v, 1e-6)) : v);
  let lo = log ? Math.min(tr(o.alpha ?? 0.01) - 1, ...all.map(tr)) : Math.min(...all, ...(o.band ?? []));
  let hi = log ? 0 : Math.max(...all, ...(o.band ?? []));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (hi - lo < 1e-9) [lo, hi] = [lo - (Math.abs(lo) || 1) * 0.1, hi + (Math.abs(hi) || 1) * 0.1];
  const px = (t: number): number => PAD.left + ((t - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (v: number): number => PAD.top + (1 - (tr(v) - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  const yLabel = (v: number): string => (log ? `1e${Math.round(v)}` : fmt(v));
  const parts: string[] = [];
  parts.push(`<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="#fff" stroke="#e3e5e8"/>`);
  if (o.band && !log) {
    const [b0, b1] = o.band;
    parts.push(`<rect class="band" x="${PAD.left}" y="${py(b1).toFixed(1)}" width="${W - PAD.left - PAD.right}" height="${Math.max(1, py(b0) - py(b1)).toFixed(1)}" fill="#2da44e" fill-opacity=".12"><title>baseline band ${escapeHtml(fmt(b0))} – ${escapeHtml(fmt(b1))}</title></rect>`);
  }
  for (const v of [lo, (lo + hi) / 2, hi]) {
    const y = PAD.top + (1 - (v - lo) / (hi - lo)) * (H - PAD.top - PAD.bottom);
    parts.push(`<text x="${PAD.left - 4}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="#57606a">${escapeHtml(yLabel(v))}</text>`);
  }
  parts.push(`<text x="${PAD.left}" y="${H - 6}" font-size="10" fill="#57606a">${escapeHtml(utc(x0 * 1000).slice(0, 16))}</text>`);
  parts.push(`<text x="${W - PAD.right}" y="${H - 6}" text-anchor="end" font-size="10" fill="#57606a">${escapeHtml(utc(x1 * 1000).slice(0, 16))}</text>`);
  if (o.alpha !== undefined) {
    const y = py(o.alpha).toFixed(1);
    parts.push(`<line class="alpha" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y}" y2="${y}" stroke="#cf222e" stroke-dasharray="4 3"><title>α = ${o.alpha}</title></line>`);
  }
  for (const m of o.markers ?? []) {
    if (m.at < x0 || m.at > x1) continue;
    const x = px(m.at).toFixed(1);
    parts.push(`<line class="marker marker-${escapeHtml(m.type)}" x1="${x}" x2="${x}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="${MARKER_COLOUR[m.type] ?? '#57606a'}" stroke-dasharray="2 2"><title>${escapeHtml(`${utc(m.at * 1000)} ${m.type}: ${m.label}`)}</title></line>`);
  }
  o.series.forEach((s, i) => {
    const colour = LINE_COLOURS[i % LINE_COLOURS.length]!;
    const pts = s.points.map(([t, v]) => `${px(t).toFixed(1)},${py(v).toFixed(1)}`);
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.2" points="${pts.join(' ')}"/>`);
    // Circles carry the measured values (tooltips; the browser tests count them).
    for (const [t, v] of s.points) {
      parts.push(`<circle class="point" cx="${px(t).toFixed(1)}" cy="${py(v).toFixed(1)}" r="2" fill="${colour}" data-at="${t}" data-value="${v}"><title>${escapeHtml(`${s.name} ${utc(t * 1000)}: ${fmt(v)}`)}</title></circle>`);
    }
  });
  const legend = o.series.length > 1
    ? html`<div class="legend">${o.series.map((s, i) => html`<span style="color:${LINE_COLOURS[i % LINE_COLOURS.length]!}">● ${s.name}</span>`)}</div>`
    : '';
  return html`<div class="chart"${o.id ? new Html(` id="${escapeHtml(o.id)}"`) : ''}><h3>${o.title}</h3><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${o.title}">${new Html(parts.join(''))}</svg>${legend}</div>`;
}

/** Reliability diagram: accuracy against confidence per bin, before and after, with the diagonal. */
export function reliabilityDiagram(sides: readonly { name: string; bins: readonly { confidence: number; accuracy: number; n: number }[] }[]): Html {
  const S = 220;
  const P = 28;
  const at = (v: number): number => P + v * (S - 2 * P);
  const parts: string[] = [
    `<rect x="${P}" y="${P}" width="${S - 2 * P}" height="${S - 2 * P}" fill="#fff" stroke="#d0d7de"/>`,
    `<line x1="${at(0)}" y1="${S - at(0)}" x2="${at(1)}" y2="${S - at(1)}" stroke="#8c959f" stroke-dasharray="3 3"/>`,
    `<text x="${S / 2}" y="${S - 6}" text-anchor="middle" font-size="10" fill="#57606a">confidence</text>`,
    `<text x="10" y="${S / 2}" font-size="10" fill="#57606a" transform="rotate(-90 10 ${S / 2})" text-anchor="middle">accuracy</text>`,
  ];
  sides.forEach((side, i) => {
    const colour = i === 0 ? '#8c959f' : '#cf222e';
    const pts = side.bins.map((b) => `${at(b.confidence).toFixed(1)},${(S - at(b.accuracy)).toFixed(1)}`);
    if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${colour}" points="${pts.join(' ')}"/>`);
    for (const b of side.bins) {
      parts.push(`<circle class="bin" cx="${at(b.confidence).toFixed(1)}" cy="${(S - at(b.accuracy)).toFixed(1)}" r="3" fill="${colour}"><title>${escapeHtml(`${side.name}: confidence ${fmt(b.confidence)}, accuracy ${fmt(b.accuracy)}, n ${b.n}`)}</title></circle>`);
    }
  });
  return html`<div class="chart" id="reliability"><h3>reliability diagram</h3><svg viewBox="0 0 ${S} ${S}" width="${S}" role="img" aria-label="reliability diagram">${new Html(parts.join(''))}</svg><div class="legend">${sides.map((s, i) => html`<span style="color:${i === 0 ? '#8c959f' : '#cf222e'}">● ${s.name}</span>`)}</div></div>`;
}

/** Upcoming shutdowns on a time line from today: one dot and label per (model, date). */
export function shutdownTimeline(items: readonly { date: string; label: string }[], nowMs: number): Html {
  if (items.length === 0) return html``;
  const W2 = 900;
  const start = nowMs / 1000;
  const last = Math.max(...items.map((i) => Date.parse(i.date) / 1000), start + 30 * 86_400);
  const x = (t: number): number => 20 + ((t - start) / (last - start)) * (W2 - 40);
  const rows = items.slice(0, 12);
  const height = 30 + rows.length * 16;
  const parts: string[] = [`<line x1="20" x2="${W2 - 20}" y1="20" y2="20" stroke="#8c959f"/>`, `<text x="20" y="12" font-size="10" fill="#57606a">today</text>`];
  for (let m = new Date(nowMs); m.getTime() / 1000 <= last; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
    const t = Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), 1) / 1000;
    if (t < start) continue;
    parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="16" y2="24" stroke="#8c959f"/><text x="${x(t).toFixed(1)}" y="12" font-size="9" fill="#57606a" text-anchor="middle">${m.toISOString().slice(0, 7)}</text>`);
  }
  rows.forEach((r, i) => {
    const cx = x(Date.parse(r.date) / 1000).toFixed(1);
    const y = 34 + i * 16;
    // Labels of dots in the right half go to the left of the dot, so that they stay inside the picture.
    const left = Number(cx) > W2 / 2;
    parts.push(`<line x1="${cx}" x2="${cx}" y1="20" y2="${y - 4}" stroke="#cf222e" stroke-opacity=".3"/><circle cx="${cx}" cy="${y - 4}" r="3" fill="#cf222e"/><text x="${Number(cx) + (left ? -6 : 6)}" y="${y}" font-size="11"${left ? ' text-anchor="end"' : ''}>${escapeHtml(`${r.date} ${r.label}`)}</text>`);
  });
  return html`<svg id="shutdown-timeline" viewBox="0 0 ${W2} ${height}" width="100%" role="img" aria-label="upcoming shutdowns">${new Html(parts.join(''))}</svg>`;
}

/** Numbers for people: 4 significant digits, no exponent for ordinary sizes. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

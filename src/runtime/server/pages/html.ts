/**
 * Server-rendered HTML. Every value goes through `html` (escaped) unless it is already `Html`:
 * provider-derived text (summaries, evidence, model ids) can never become markup.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part as string | number));
}

/** Tagged template: interpolated values are escaped, nested `html` fragments and arrays are kept. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => (out += render(v) + (strings[i + 1] ?? '')));
  return new Html(out);
}

/** UTC ISO to the second: every time on every page, one format. */
export function utc(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : String(value);
}

/** `3d 4h`, `2h 10m`, `45s`: how long ago. */
export function age(fromMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - fromMs) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A table, or its empty state when there are no rows. */
export function table(headers: readonly string[], rows: readonly Html[], empty: string, id?: string): Html {
  if (rows.length === 0) return html`<p class="empty"${id ? new Html(` id="${escapeHtml(id)}"`) : ''}>${empty}</p>`;
  return html`<table${id ? new Html(` id="${escapeHtml(id)}"`) : ''}><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** Query string from parameters (values URL-encoded). */
export function query(path: string, params: Record<string, string | number | undefined>): string {
  const q = Object.entries(params)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return q ? `${path}?${q}` : path;
}

export const pairPath = (target: string, canary: string): string => query('/pair', { target, canary });
export const targetPath = (target: string): string => query('/target', { target });

const CSS = `
body{font:14px system-ui,sans-serif;margin:0;color:#1d2327;background:#fafbfc}
header{background:#1d2327;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:baseline}
header a{color:#d0d7de;text-decoration:none}header a.brand{color:#fff;font-weight:700;font-size:1.1rem}
main{padding:1rem 1.5rem;max-width:1400px}h1{font-size:1.3rem;margin:.4rem 0 1rem}h2{font-size:1.05rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e3e5e8;vertical-align:top}
th{background:#f4f5f7;font-weight:600}.critical{color:#b3261e;font-weight:600}.warning{color:#9a6700;font-weight:600}.info{color:#57606a}
small,.muted{color:#57606a}code,pre{font:12px ui-monospace,monospace}pre{background:#f6f8fa;padding:.6rem;overflow:auto;max-height:40rem;border:1px solid #e3e5e8}
.empty{color:#57606a;font-style:italic;background:#fff;padding:.6rem;border:1px dashed #d0d7de}
.cell{display:inline-flex;align-items:center;gap:.3rem;padding:.1rem .35rem;border-radius:3px;text-decoration:none;color:inherit}
.s-ok{background:#dafbe1}.s-alert-critical{background:#ffd8d3}.s-alert-warning{background:#fff1c2}.s-alert-info{background:#ddf4ff}
.s-unavailable{background:#e6e6e6}.s-recorded{background:#ddf4ff}.s-none{background:#f6f8fa}.s-skipped{background:#f6f8fa}
.diff .add{background:#dafbe1;color:#116329;display:block}.diff .del{background:#ffebe9;color:#82071e;display:block}.diff .hunk{color:#8250df;display:block}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:1rem}.chart{background:#fff;border:1px solid #e3e5e8;padding:.4rem}
.chart h3{font-size:.9rem;margin:.1rem 0 .3rem}.legend span{margin-right:.8rem}.kv th{width:14rem}
.summary span{margin-right:1.2rem}form.inline{display:inline}nav.pages a{margin-right:.5rem}
`;

/** The page frame: header navigation, title, body. No external request of any kind. */
export function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} · tripline</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>${new Html(CSS)}</style></head><body>
<header><a class="brand" href="/">tripline</a><a href="/">overview</a><a href="/deprecations">deprecations</a><a href="/silences">silences</a><a href="/metrics">metrics</a></header>
<main><h1>${title}</h1>${body}</main></body></html>
`.text;
}

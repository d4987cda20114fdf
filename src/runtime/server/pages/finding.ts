import { z } from 'zod';
import { acceptCommand, alertText, evidenceText } from '../../../alerts/templates.js';
import type { Finding } from '../../../domain/finding.js';
import type { PageContext } from './context.js';
import { Html, html, page, pairPath, table, targetPath, utc } from './html.js';
import { alertsOfKey } from './read-model.js';
import { fmt, reliabilityDiagram } from './svg.js';

const Bins = z.array(z.object({ confidence: z.number(), accuracy: z.number(), n: z.number() }));

/** A unified diff with added, removed and hunk lines coloured. */
function diffBlock(diff: string): Html {
  const lines = diff.split('\n').map((line) => {
    const cls = line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
    return cls ? html`<span class="${cls}">${line}</span>` : html`${line}\n`;
  });
  return html`<pre class="diff" id="diff">${lines}</pre>`;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? fmt(v) : JSON.stringify(v, null, 2));

/** Before/after side by side, the statistics as a table, the reliability diagram when the evidence has bins. */
function evidenceBlock(f: Finding): Html {
  const { before, after, diff, ...stats } = f.evidence;
  const parts: Html[] = [];
  if (diff) parts.push(html`<h3>Diff</h3>${diffBlock(diff)}`);
  if (before !== undefined || after !== undefined) {
    parts.push(html`<h3>Before / after</h3><table id="before-after"><thead><tr><th>before (baseline)</th><th>after (now)</th></tr></thead><tbody><tr><td><pre>${show(before)}</pre></td><td><pre>${show(after)}</pre></td></tr></tbody></table>`);
  }
  const keys = Object.keys(stats).sort();
  if (keys.length > 0) {
    parts.push(html`<h3>Statistics</h3><table class="kv" id="statistics"><tbody>${keys.map((k) => html`<tr><th>${k}</th><td><pre>${show(stats[k])}</pre></td></tr>`)}</tbody></table>`);
  }
  const binsOf = (side: unknown): z.infer<typeof Bins> | null => {
    const parsed = z.object({ reliability: Bins }).safeParse(side);
    return parsed.success && parsed.data.reliability.length > 0 ? parsed.data.reliability : null;
  };
  const b = binsOf(before);
  const a = binsOf(after);
  if (b || a) parts.push(reliabilityDiagram([...(b ? [{ name: 'baseline', bins: b }] : []), ...(a ? [{ name: 'now', bins: a }] : [])]));
  if (parts.length === 0) parts.push(html`<pre>${evidenceText(f)}</pre>`);
  return html`${parts}`;
}

/** `/finding?key=`: what changed, the evidence, the action with the exact commands, the history of the key. */
export async function findingPage(ctx: PageContext, key: string): Promise<string | null> {
  const record = await ctx.history.finding(key);
  const alerts = await alertsOfKey(ctx.db, key);
  const f = record?.finding ?? alerts[0]?.finding;
  if (!f) return null;
  const open = alerts.find((a) => a.state === 'open');
  const event = {
    id: '',
    alertKey: key,
    type: 'opened' as const,
    finding: f,
    openedAt: utc(open?.openedAt ?? Date.parse(f.detectedAt)),
    at: utc(ctx.nowMs),
  };
  const text = alertText(event);
  const accept = acceptCommand(f);
  const history = [
    ...(await ctx.history.eventsOfKey(key)).map((e) => ({ at: e.at * 1000, what: e.type === 'finding' ? `seen: ${e.summary}` : e.summary })),
    ...alerts.flatMap((a) => [
      ...(a.openedAt !== null ? [{ at: a.openedAt, what: `alert #${a.id} opened` }] : []),
      ...(a.resolvedAt !== null ? [{ at: a.resolvedAt, what: `alert #${a.id} resolved${a.resolution === 'baseline_accepted' ? ': baseline accepted' : ''}` }] : []),
    ]),
  ].sort((x, y) => y.at - x.at);
  const where = f.canary ? html`<a href="${pairPath(f.target, f.canary)}">${f.target} · ${f.canary}</a>` : html`<a href="${targetPath(f.target)}">${f.target}</a>`;
  return page(
    `${f.kind}`,
    html`<table class="kv" id="what"><tbody>
<tr><th>severity</th><td class="${f.severity}">${f.severity}</td></tr>
<tr><th>where</th><td>${where}${f.subject ? html` · subject <code>${f.subject}</code>` : ''}</td></tr>
<tr><th>what changed</th><td id="summary">${f.summary}</td></tr>
<tr><th>alert</th><td>${open ? html`open since ${utc(open.openedAt)}` : alerts[0] ? html`resolved ${utc(alerts[0].resolvedAt)}` : 'no alert (below the routing threshold or not confirmed)'}</td></tr>
<tr><th>last seen</th><td>${record ? html`${utc(record.lastAt * 1000)} (first ${utc(record.firstAt * 1000)}, ${record.seen} runs)` : utc(f.detectedAt)}</td></tr>
<tr><th>likely impact</th><td>${text.impact}</td></tr>
</tbody></table>
<h2>Evidence</h2>${evidenceBlock(f)}
<h2>Action</h2><p id="action">${f.action}</p>
${accept ? html`<p>Accept as the new baseline once understood:</p><pre id="accept-command">${accept}</pre>` : ''}
<p>Silence while you work on it:</p><pre id="silence-command">${text.silenceCommand}</pre>
<h2>History</h2>${table(['time (UTC)', 'what'], history.map((h) => html`<tr><td>${utc(h.at)}</td><td>${h.what}</td></tr>`), 'No history recorded for this finding.', 'history')}`,
  );
}

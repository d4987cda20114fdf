import { activeSilences, listSilences } from '../../../alerts/lifecycle/silences.js';
import type { PageContext } from './context.js';
import { html, page, table, utc } from './html.js';

/** `/silences`: every silence with its audit trail; create and expire forms for requests carrying the server token. */
export async function silencesPage(ctx: PageContext, notice?: string): Promise<string> {
  const active = new Set((await activeSilences(ctx.db, ctx.nowMs)).map((s) => s.id));
  const rows = (await listSilences(ctx.db)).map((s) => {
    const match = Object.entries(s.match).map(([k, v]) => `${k}=${(v as string[]).join(',')}`).join(' ');
    const state = active.has(s.id) ? 'active' : s.removedAt ? `expired early by ${s.removedBy ?? 'unknown'}` : 'expired';
    const expire = active.has(s.id) && ctx.canWrite
      ? html`<form class="inline" method="post" action="/silences/expire"><input type="hidden" name="id" value="${s.id}"><button>expire now</button></form>`
      : '';
    return html`<tr><td><code>${s.id}</code></td><td><code>${match}</code></td><td>${s.reason ?? ''}</td><td>${s.author ?? ''}</td><td>${utc(s.createdAt)}</td><td>${utc(s.removedAt ?? s.until)}</td><td>${state} ${expire}</td></tr>`;
  });
  const form = ctx.canWrite
    ? html`<h2>New silence</h2><form method="post" action="/silences" id="new-silence">
<label>target <input name="target" placeholder="openai/gpt-4o"></label> <label>canary <input name="canary"></label>
<label>kind <input name="kind" placeholder="shape.*"></label> <label>for <input name="for" value="2h" size="5"></label>
<label>reason <input name="reason" required></label> <button>silence</button></form>`
    : html`<p class="muted">Creating and expiring silences here needs <code>server.authToken</code> and a signed-in browser (<a href="/login">sign in</a>); otherwise use <code>tripline silence add|remove</code>.</p>`;
  return page('Silences', html`${notice ? html`<p class="warning">${notice}</p>` : ''}${form}<h2>All silences</h2>${table(['id', 'match', 'reason', 'author', 'created (UTC)', 'ends (UTC)', 'state'], rows, 'No silences.', 'silences')}`);
}

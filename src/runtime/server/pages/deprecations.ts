import { findingPagePath } from '../../../alerts/links.js';
import { monitoredRows, type PageContext } from './context.js';
import { html, page, table, targetPath, utc } from './html.js';

/** `/deprecations`: every scraped row about a monitored model, what changed when, and the page it came from. */
export async function deprecationsPage(ctx: PageContext): Promise<string> {
  const rows = (await monitoredRows(ctx)).map(
    (r) => html`<tr><td>${r.row.modelId}</td><td>${r.row.status}</td><td>${r.row.deprecated?.text ?? ''}</td><td>${r.row.shutdown?.iso ?? r.row.shutdown?.text ?? ''}</td><td>${r.row.replacement ?? ''}</td><td>${r.targets.map((t) => html`<a href="${targetPath(t)}">${t}</a> `)}</td><td>${utc(r.firstSeen)}</td><td>${utc(r.lastSeen)}</td><td><a href="${r.url}" rel="noreferrer">${r.source}</a></td></tr>`,
  );
  const changes = (await ctx.history.eventsOfArea('deprecation', 500)).map(
    (e) => html`<tr><td>${utc(e.at * 1000)}</td><td class="${e.severity ?? ''}">${e.severity ?? ''}</td><td><a href="${targetPath(e.target)}">${e.target}</a></td><td>${e.key ? html`<a href="${findingPagePath(e.key)}">${e.summary}</a>` : e.summary}</td></tr>`,
  );
  return page(
    'Deprecations',
    html`<h2>Rows about monitored models</h2>${table(['model', 'status', 'deprecated', 'shutdown', 'replacement', 'targets', 'first seen (UTC)', 'last seen (UTC)', 'source'], rows, 'No scraped row concerns a monitored model (or no source has been read yet).', 'deprecation-rows')}
<h2>What changed when</h2>${table(['time (UTC)', 'severity', 'target', 'change'], changes, 'No deprecation change recorded yet.', 'deprecation-changes')}`,
  );
}

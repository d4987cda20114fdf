import { alertText, trimText } from '../../templates.js';
import type { AlertEvent } from '../../types.js';

/** One email, without sender, recipients or credentials. */
export interface EmailPayload {
  subject: string;
  text: string;
  html: string;
  /** True for updates, reminders and resolutions: sent as a reply to the opening mail. */
  reply: boolean;
}

const EVIDENCE_MAX = 20_000;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Pure: subject, plain-text and HTML parts of one event. */
export function renderEmail(event: AlertEvent): EmailPayload {
  const t = alertText(event);
  const evidence = trimText(t.evidence, EVIDENCE_MAX);
  const showSilence = event.type !== 'test' && event.type !== 'resolved';
  const text = [
    t.headline,
    '',
    `What changed: ${t.whatChanged}`,
    `${t.when.label}: ${t.when.at}`,
    ...(evidence ? ['', 'Evidence:', evidence] : []),
    '',
    `Likely impact: ${t.impact}`,
    `Action: ${t.action}`,
    ...(showSilence ? ['', `Silence: ${t.silenceCommand}`] : []),
    ...(event.links?.finding ? [`Finding: ${event.links.finding}`] : []),
    ...(event.links?.runbook ? [`Runbook: ${event.links.runbook}`] : []),
    '',
  ].join('\n');
  const html = [
    `<h2>${escapeHtml(t.headline)}</h2>`,
    `<p><b>What changed:</b> ${escapeHtml(t.whatChanged)}<br><b>${t.when.label}:</b> ${escapeHtml(t.when.at)}</p>`,
    ...(evidence ? [`<p><b>Evidence</b></p><pre>${escapeHtml(evidence)}</pre>`] : []),
    `<p><b>Likely impact:</b> ${escapeHtml(t.impact)}</p>`,
    `<p><b>Action:</b> ${escapeHtml(t.action)}</p>`,
    ...(showSilence ? [`<p><small>Silence: <code>${escapeHtml(t.silenceCommand)}</code></small></p>`] : []),
    ...(event.links?.finding ? [`<p><a href="${escapeHtml(event.links.finding)}">Open the finding</a></p>`] : []),
    ...(event.links?.runbook ? [`<p><a href="${escapeHtml(event.links.runbook)}">Runbook</a></p>`] : []),
  ].join('\n');
  return {
    subject: `[tripline] ${t.headline}`,
    text,
    html,
    reply: event.type === 'updated' || event.type === 'reminder' || event.type === 'resolved',
  };
}

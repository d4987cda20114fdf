import { isDrift, isTargetLevel, kindFacts, type Finding } from '../domain/finding.js';
import { providerOf } from './match.js';
import type { AlertEvent } from './types.js';

/** The words of one alert message, shared by every channel. */
export interface AlertText {
  /** `WARNING tokens.input_changed on openai/gpt-4o-mini (tokens-short)`. */
  headline: string;
  /** One line: what changed (the finding's summary, or the resolution). */
  whatChanged: string;
  /** When the alert opened, or when a test message was sent: channels format it, nothing parses it. */
  when: AlertWhen;
  /** Before/after or the diff, untrimmed; channels trim to their limits. */
  evidence: string;
  /** What this likely breaks for the reader. */
  impact: string;
  /** What to do now. */
  action: string;
  /** The command that silences this alert. */
  silenceCommand: string;
}

/** A point in time with what it is: `Since` (the alert opened) or `Sent` (a test message). */
export interface AlertWhen {
  label: 'Since' | 'Sent';
  /** ISO time. */
  at: string;
}

const LABEL: Record<AlertEvent['type'], string> = {
  opened: '',
  updated: 'UPDATED',
  reminder: 'STILL OPEN',
  resolved: 'RESOLVED',
  test: '[TEST]',
  notifier_broken: 'WARNING',
};

export const TEST_HEADLINE = '[TEST] tripline alert test — no action needed';

/** `kind on target (canary)`. */
export function alertName(f: Finding): string {
  return `${f.kind} on ${f.target}${f.canary ? ` (${f.canary})` : ''}`;
}

/** The `tripline silence add` line that matches this alert. */
export function silenceCommand(event: AlertEvent): string {
  const f = event.finding;
  const scope = event.groupedTargets ? `provider=${providerOf(f.target)}` : `target=${f.target}`;
  return `tripline silence add --match ${scope} --match kind=${f.kind} --for 2h --reason "<why>"`;
}

/** Evidence as text: the diff when there is one, else before/after and the statistics, one per line. */
export function evidenceText(f: Finding): string {
  const { before, after, diff, ...rest } = f.evidence;
  if (diff) return diff;
  const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  const lines: string[] = [];
  if (before !== undefined) lines.push(`before: ${show(before)}`);
  if (after !== undefined) lines.push(`after:  ${show(after)}`);
  for (const key of Object.keys(rest).sort()) lines.push(`${key}: ${show(rest[key])}`);
  return lines.join('\n');
}

/** The `tripline baseline` line that accepts this drift as the new normal; null for kinds a baseline does not answer. */
export function acceptCommand(f: Finding): string | null {
  if (!isDrift(f.kind)) return null;
  return `tripline baseline --target ${f.target}${f.canary && !isTargetLevel(f.kind) ? ` --canary ${f.canary}` : ''}`;
}

function actionText(f: Finding): string {
  const accept = acceptCommand(f);
  if (accept === null || f.action.includes('tripline baseline')) return f.action;
  return `${f.action.replace(/\.?\s*$/, '.')} Accept with \`${accept}\` once understood.`;
}

/** The text of one event for people: pure, no secrets (findings carry none). */
export function alertText(event: AlertEvent): AlertText {
  const f = event.finding;
  const since: AlertWhen = { label: 'Since', at: event.openedAt };
  const silence = silenceCommand(event);
  if (event.type === 'test') {
    return {
      headline: TEST_HEADLINE,
      whatChanged: `This is a test message from tripline${event.channel ? ` to channel ${event.channel}` : ''}; nothing changed.`,
      when: { label: 'Sent', at: event.at },
      evidence: '',
      impact: 'None.',
      action: 'No action needed. If you can read this, alert delivery works.',
      silenceCommand: silence,
    };
  }
  if (event.type === 'notifier_broken') {
    return {
      headline: `WARNING alert channel ${event.channel ?? f.subject ?? ''} is failing`,
      whatChanged: f.summary,
      when: since,
      evidence: evidenceText(f),
      impact: 'Alerts routed only to that channel are queued and not reaching anyone.',
      action: f.action,
      silenceCommand: silence,
    };
  }
  const label = LABEL[event.type] || f.severity.toUpperCase();
  const resolved =
    event.resolution === 'baseline_accepted'
      ? 'Resolved: a new baseline was accepted.'
      : 'Resolved: the condition has cleared.';
  return {
    headline: `${label} ${alertName(f)}`,
    whatChanged: event.type === 'resolved' ? `${resolved} Was: ${f.summary}` : f.summary,
    when: since,
    evidence: evidenceText(f),
    impact: event.type === 'resolved' ? 'None any more.' : kindFacts(f.kind).impact,
    action: event.type === 'resolved' ? 'No action needed.' : actionText(f),
    silenceCommand: silence,
  };
}

/** Cuts text to `max` characters on a line boundary, saying how much was left out. */
export function trimText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = (n: number): string => `\n… (${n} more lines trimmed)`;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > max - 40) break;
    kept.push(line);
    used += line.length + 1;
  }
  if (kept.length === 0) return `${text.slice(0, max - 40)}${note(lines.length - 1)}`;
  return `${kept.join('\n')}${note(lines.length - kept.length)}`;
}

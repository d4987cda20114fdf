import { alertText, trimText } from '../../templates.js';
import type { AlertChannel, AlertEvent } from '../../types.js';
import { ConsoleConfig } from './schema.js';

const EVIDENCE_MAX = 4000;

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

/** Readable blocks on stdout (the demo and `check` use this); the stream is injected. */
export const consoleChannel = {
  id: 'console',
  schema: ConsoleConfig,
  secretFields: {},
  render(event: AlertEvent): string {
    const t = alertText(event);
    const lines = [`== ${t.headline}`, `what changed: ${t.whatChanged}`, `${t.when.label.toLowerCase()} ${t.when.at}`];
    if (t.evidence) lines.push('evidence:', indent(trimText(t.evidence, EVIDENCE_MAX)));
    lines.push(`impact: ${t.impact}`, `action: ${t.action}`);
    if (event.type !== 'test' && event.type !== 'resolved') lines.push(`silence: ${t.silenceCommand}`);
    return `${lines.join('\n')}\n\n`;
  },
  async send(payload, _config, deps) {
    try {
      await new Promise<void>((resolve, reject) => {
        deps.stdout.write(payload, (err) => (err ? reject(err) : resolve()));
      });
      return { ok: true };
    } catch (error) {
      return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
    }
  },
} satisfies AlertChannel<ConsoleConfig, string>;

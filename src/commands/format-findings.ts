import type { Finding } from '../domain/finding.js';

const label = { info: 'INFO', warning: 'WARNING', critical: 'CRITICAL' } as const;

/** Human-readable rendering of findings for the terminal. */
export function formatFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'No findings.\n';
  return findings.map(formatFinding).join('\n');
}

function formatFinding(f: Finding): string {
  const where = f.canary ? `${f.target} (${f.canary})` : f.target;
  const lines = [`${label[f.severity]} ${f.kind} ${where}`, `  ${f.summary}`];
  const { diff, before, after, ...rest } = f.evidence;
  if (before !== undefined || after !== undefined) {
    lines.push(`  before: ${compact(before)}`, `  after:  ${compact(after)}`);
  }
  const extra = Object.entries(rest).filter(([, v]) => v !== undefined);
  for (const [k, v] of extra.slice(0, 8)) lines.push(`  ${k}: ${compact(v)}`);
  if (diff) lines.push(...diff.trimEnd().split('\n').slice(0, 40).map((l) => `    ${l}`));
  lines.push(`  action: ${f.action}`);
  return `${lines.join('\n')}\n`;
}

function compact(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return '-';
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

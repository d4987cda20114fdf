/**
 * The PrometheusRules (kustomize and Helm): every alert links a runbook section that exists in
 * docs/runbooks.md, every runbook section belongs to an alert, and absence is alerted on (a target
 * that vanished from service discovery has no `up == 0` to fire on).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ChartRenderer } from './helm-render.js';

interface Rule {
  alert: string;
  expr: string;
  annotations: Record<string, string>;
}

const RUNBOOKS = 'docs/runbooks.md';
const runbookText = readFileSync(RUNBOOKS, 'utf8');
/** GitHub's anchor of each `## Heading` in the runbooks. */
const anchors = new Set([...runbookText.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));

const kustomizeRules = (parseYaml(readFileSync('deploy/kubernetes/prometheusrule.yaml', 'utf8')) as { spec: { groups: { rules: Rule[] }[] } }).spec.groups.flatMap((g) => g.rules);

function helmRules(values: Record<string, unknown> = {}): Rule[] {
  const rule = new ChartRenderer('deploy/helm/tripline')
    .renderObjects({ prometheusRule: { enabled: true }, secrets: { existingSecret: 'x' }, ...values })
    .find((o) => o.kind === 'PrometheusRule') as { spec: { groups: { rules: Rule[] }[] } };
  return rule.spec.groups.flatMap((g) => g.rules);
}

describe.each([
  ['deploy/kubernetes/prometheusrule.yaml', kustomizeRules],
  ['deploy/helm/tripline (prometheusRule.enabled)', helmRules()],
])('%s', (_name, rules) => {
  it('every alert has a runbook_url whose section exists in docs/runbooks.md', () => {
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const r of rules) {
      const url = r.annotations.runbook_url;
      expect(url, `${r.alert} has a runbook_url`).toBeDefined();
      const [base, anchor] = url!.split('#');
      expect(base, r.alert).toMatch(/\/docs\/runbooks\.md$/);
      expect(anchor, r.alert).toBe(r.alert.toLowerCase());
      expect(anchors, `${RUNBOOKS} has a "## ${r.alert}" section`).toContain(anchor);
    }
  });

  it('every runbook section belongs to an alert of this rule set', () => {
    const alerts = new Set(rules.map((r) => r.alert.toLowerCase()));
    for (const a of anchors) expect(alerts, `runbook section #${a}`).toContain(a);
  });

  it('alerts on absence: the metrics vanishing, and no target ever measured', () => {
    const absent = rules.filter((r) => /\babsent\(/.test(r.expr));
    expect(absent.map((r) => r.alert).sort()).toEqual(['TriplineMetricsAbsent', 'TriplineNeverMeasured']);
    for (const r of absent) expect(r.expr, r.alert).toMatch(/absent\(tripline_[a-z_]+\{job="[^"]+"\}\)/);
  });
});

describe('deploy/helm/tripline PrometheusRule', () => {
  it('runbook links follow prometheusRule.runbookBaseUrl (a team keeping its own runbooks)', () => {
    const rules = helmRules({ prometheusRule: { enabled: true, runbookBaseUrl: 'https://wiki.example.com/tripline' } });
    for (const r of rules) expect(r.annotations.runbook_url).toBe(`https://wiki.example.com/tripline#${r.alert.toLowerCase()}`);
  });

  it('absent() selects the job the Service gives the target', () => {
    const rules = helmRules({ fullnameOverride: 'llm-watch' });
    expect(rules.find((r) => r.alert === 'TriplineMetricsAbsent')?.expr).toBe('absent(tripline_build_info{job="llm-watch"})');
  });
});

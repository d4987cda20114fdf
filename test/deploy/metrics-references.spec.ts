/**
 * Every metric the Grafana dashboard and the PrometheusRules query is one the daemon registers,
 * with the labels the queries select and group by: a renamed metric breaks this test, not a
 * dashboard panel nobody looks at until the day it is needed.
 */
import { readFileSync } from 'node:fs';
import { Histogram } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createMetrics } from '../../src/runtime/metrics/index.js';
import { ChartRenderer } from './helm-render.js';

/** name -> label names, from the real registry; histograms also answer to _bucket/_sum/_count. */
function registered(): Map<string, Set<string>> {
  const metrics = createMetrics('0.0.0-test', { alertsOpen: () => [], outboxPending: () => ({}), backoff: () => ({}) });
  const out = new Map<string, Set<string>>();
  for (const m of metrics.registry.getMetricsAsArray()) {
    const labels = new Set((m as unknown as { labelNames: string[] }).labelNames);
    out.set(m.name, labels);
    if (m instanceof Histogram) {
      out.set(`${m.name}_bucket`, new Set([...labels, 'le']));
      out.set(`${m.name}_sum`, labels);
      out.set(`${m.name}_count`, labels);
    }
  }
  return out;
}

// Labels Prometheus adds at scrape time (target labels from the ServiceMonitor / scrape config).
const TARGET_LABELS = new Set(['job', 'instance', 'namespace', 'pod', 'service', 'container', 'endpoint']);

interface Query {
  where: string;
  expr: string;
}

function dashboardQueries(): Query[] {
  const dash = JSON.parse(readFileSync('deploy/grafana/tripline.json', 'utf8')) as {
    panels: { title: string; targets?: { expr: string }[] }[];
    templating: { list: { name: string; definition?: string }[] };
  };
  const out: Query[] = [];
  for (const p of dash.panels) for (const t of p.targets ?? []) out.push({ where: `dashboard panel "${p.title}"`, expr: t.expr });
  for (const v of dash.templating.list) if (v.definition) out.push({ where: `dashboard variable $${v.name}`, expr: v.definition });
  return out;
}

function ruleQueries(groups: { rules: { alert: string; expr: string }[] }[], where: string): Query[] {
  return groups.flatMap((g) => g.rules.map((r) => ({ where: `${where} ${r.alert}`, expr: String(r.expr) })));
}

function allQueries(): Query[] {
  const kustomize = parseYaml(readFileSync('deploy/kubernetes/prometheusrule.yaml', 'utf8')) as { spec: { groups: { rules: { alert: string; expr: string }[] }[] } };
  const helm = new ChartRenderer('deploy/helm/tripline')
    .renderObjects({ prometheusRule: { enabled: true }, secrets: { existingSecret: 'x' } })
    .find((o) => o.kind === 'PrometheusRule') as { spec: { groups: { rules: { alert: string; expr: string }[] }[] } };
  return [...dashboardQueries(), ...ruleQueries(kustomize.spec.groups, 'kustomize rule'), ...ruleQueries(helm.spec.groups, 'helm rule')];
}

describe('metric names in deploy/ exist in src/runtime/metrics', () => {
  const metrics = registered();
  const queries = allQueries();

  it('finds queries in the dashboard and both PrometheusRules', () => {
    expect(queries.filter((q) => q.where.startsWith('dashboard')).length).toBeGreaterThan(10);
    expect(queries.filter((q) => q.where.startsWith('kustomize')).length).toBeGreaterThanOrEqual(3);
    expect(queries.filter((q) => q.where.startsWith('helm')).length).toBeGreaterThanOrEqual(3);
  });

  it('every tripline_* metric queried is registered', () => {
    const used = new Set<string>();
    for (const q of queries) {
      for (const [name] of q.expr.matchAll(/\btripline_[a-z0-9_]+/g)) {
        used.add(name);
        expect(metrics.has(name), `${q.where}: ${name} is not a registered metric (${q.expr})`).toBe(true);
      }
    }
    // the panels: findings by kind, drift statistics, token spend, days to shutdown
    for (const name of ['tripline_findings_total', 'tripline_probe_p_value', 'tripline_probe_ratio', 'tripline_tokens_total', 'tripline_model_shutdown_timestamp_seconds', 'tripline_run_success', 'tripline_outbox_pending', 'tripline_last_success_timestamp_seconds']) {
      expect(used, name).toContain(name);
    }
  });

  it('label matchers and grouping labels exist on the metrics they apply to', () => {
    for (const q of queries) {
      const names = [...new Set([...q.expr.matchAll(/\btripline_[a-z0-9_]+/g)].map((m) => m[0]))];
      const available = new Set([...TARGET_LABELS, ...names.flatMap((n) => [...(metrics.get(n) ?? [])])]);
      for (const m of q.expr.matchAll(/\b(tripline_[a-z0-9_]+)\{([^}]*)\}/g)) {
        for (const [, label] of m[2]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)) {
          if (TARGET_LABELS.has(label!)) continue;
          expect(metrics.get(m[1]!), `${q.where}: ${m[1]} has no label ${label}`).toContain(label);
        }
      }
      for (const m of q.expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
        for (const label of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
          expect(available.has(label), `${q.where}: grouping label ${label} is on none of ${names.join(', ')}`).toBe(true);
        }
      }
      for (const m of q.expr.matchAll(/label_values\((tripline_[a-z0-9_]+),\s*(\w+)\)/g)) {
        expect(metrics.get(m[1]!), `${q.where}`).toContain(m[2]);
      }
    }
  });

  it('the dashboard is importable: schemaVersion, a Prometheus datasource variable used by every panel, unique panel ids', () => {
    const dash = JSON.parse(readFileSync('deploy/grafana/tripline.json', 'utf8')) as {
      schemaVersion: number;
      uid: string;
      templating: { list: { name: string; type: string; query: unknown }[] };
      panels: { id: number; type: string; datasource?: { uid: string }; targets?: { datasource?: { uid: string } }[] }[];
    };
    expect(dash.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dash.uid).toBe('tripline');
    expect(dash.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const ids = dash.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dash.panels.filter((x) => x.type !== 'row')) {
      expect(p.datasource?.uid).toBe('${datasource}');
      for (const t of p.targets ?? []) expect(t.datasource?.uid).toBe('${datasource}');
    }
  });
});

/**
 * deploy/kubernetes: rendered with `kubectl kustomize` (kustomize v5 is built into kubectl) and
 * checked structurally. Without kubectl the base's resources are read directly (no generators,
 * no name suffixes), which still covers every structural property.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import {
  containerOf,
  expectConfigAsMounted,
  expectDaemonWorkload,
  expectHardened,
  expectReferencesResolve,
  expectValidCanaries,
  find,
  mountedFiles,
  one,
  podLabelsOf,
  podSpecOf,
  selects,
  type K8sObject,
} from './manifest-checks.js';

// TRIPLINE_TEST_NO_KUBECTL=1 exercises the fallback on a machine that has kubectl.
const KUBECTL = process.env.TRIPLINE_TEST_NO_KUBECTL
  ? null
  : (['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p)) ??
    (spawnSync('kubectl', ['version', '--client']).status === 0 ? 'kubectl' : null));

function parseDocs(text: string, where: string): K8sObject[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap((d) => {
    if (d.errors.length) throw new Error(`${where}: ${d.errors[0]!.message}`);
    const o = d.toJS() as K8sObject | null;
    return o ? [o] : [];
  });
}

/**
 * A kustomization without kubectl: its resources (recursively), configMapGenerator files (no hash
 * suffix), namespace, and label pairs (into selectors and pod templates where includeSelectors).
 */
function readKustomization(dir: string): K8sObject[] {
  const k = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as {
    namespace?: string;
    resources?: string[];
    configMapGenerator?: { name: string; files: string[] }[];
    labels?: { pairs: Record<string, string>; includeSelectors?: boolean }[];
  };
  const out: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const path = join(dir, r);
    if (existsSync(join(path, 'kustomization.yaml'))) out.push(...readKustomization(path));
    else out.push(...parseDocs(readFileSync(path, 'utf8'), path));
  }
  for (const g of k.configMapGenerator ?? []) {
    const data = Object.fromEntries(g.files.map((f) => [f.split('/').pop()!, readFileSync(join(dir, f), 'utf8')]));
    out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: g.name }, data });
  }
  for (const o of out) {
    if (k.namespace) o.metadata = { ...o.metadata, namespace: o.metadata?.namespace ?? k.namespace };
    for (const l of k.labels ?? []) {
      o.metadata.labels = { ...o.metadata.labels, ...l.pairs };
      if (!l.includeSelectors) continue;
      const template = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.kind === 'Deployment' ? o.spec.template : null;
      if (template) template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...l.pairs } };
      if (o.kind === 'Deployment') o.spec.selector.matchLabels = { ...o.spec.selector.matchLabels, ...l.pairs };
      if (o.kind === 'Service') o.spec.selector = { ...o.spec.selector, ...l.pairs };
    }
  }
  return out;
}

function render(dir: string): K8sObject[] {
  if (!KUBECTL) return readKustomization(dir);
  return parseDocs(execFileSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8' }), dir);
}

const exampleSecret = parseDocs(readFileSync('deploy/kubernetes/secret.example.yaml', 'utf8'), 'secret.example.yaml');

describe('deploy/kubernetes (kustomize base)', () => {
  const objects = render('deploy/kubernetes');

  it('renders the daemon: Deployment, Service, PVC, ConfigMaps, ServiceMonitor, PrometheusRule, NetworkPolicy', () => {
    const kinds = objects.map((o) => o.kind).sort();
    expect(kinds).toEqual(['ConfigMap', 'ConfigMap', 'Deployment', 'NetworkPolicy', 'PersistentVolumeClaim', 'PrometheusRule', 'Service', 'ServiceMonitor']);
    expect(find(objects, 'Secret'), 'no Secret in the base: applying it never overwrites real keys').toHaveLength(0);
    for (const o of objects) expect(o.metadata.namespace, `${o.kind} ${o.metadata.name}`).toBe('tripline');
    expect(one(objects, 'ServiceMonitor').apiVersion).toBe('monitoring.coreos.com/v1');
    expect(one(objects, 'PrometheusRule').apiVersion).toBe('monitoring.coreos.com/v1');
  });

  it('probes hit /healthz and /readyz on the port server.listen binds; non-root, read-only root; every referenced key exists', () => {
    const loaded = expectDaemonWorkload(objects, { externalSecrets: exampleSecret });
    expect(loaded.config.stateDir).toBe('/var/lib/tripline');
  });

  it('the Deployment runs the image entrypoint with the same flags as the container image and the unit', () => {
    const c = containerOf(one(objects, 'Deployment'));
    expect(c.args).toEqual(['start', '--config', '/etc/tripline/tripline.yaml']);
    expect(c.command, 'the image ENTRYPOINT is kept').toBeUndefined();
    if (KUBECTL) expect(c.image).toMatch(/^[\w./-]+\/tripline:\d+\.\d+\.\d+$/);
  });

  it('the secret example has exactly the keys the pod reads', () => {
    const secret = one(exampleSecret, 'Secret', 'tripline-secrets');
    const c = containerOf(one(objects, 'Deployment'));
    const fromEnv = (c.env as K8sObject[]).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.valueFrom.secretKeyRef.key as string);
    const fromFiles = (podSpecOf(one(objects, 'Deployment')).volumes as K8sObject[])
      .filter((v) => v.secret)
      .flatMap((v) => (v.secret.items as { key: string }[]).map((i) => i.key));
    expect(Object.keys(secret.stringData).sort()).toEqual([...new Set([...fromEnv, ...fromFiles])].sort());
  });

  it('the canaries ConfigMap holds valid canaries, copies of shipped ones', () => {
    const deployment = one(objects, 'Deployment');
    const cmName = (podSpecOf(deployment).volumes as K8sObject[]).find((v) => v.name === 'canaries')!.configMap.name as string;
    const data = one(objects, 'ConfigMap', cmName).data as Record<string, string>;
    expectValidCanaries(data);
    for (const [name, text] of Object.entries(data)) {
      // the copies are kept in step with canaries/ (only the $schema comment's relative path differs)
      const shipped = readFileSync(join('canaries', name), 'utf8');
      expect(parseYaml(text)).toEqual(parseYaml(shipped));
    }
  });

  it('the PrometheusRule has the backlog, shutdown and no-success alerts', () => {
    const rules = (one(objects, 'PrometheusRule').spec.groups as K8sObject[]).flatMap((g) => g.rules as K8sObject[]);
    const byName = new Map(rules.map((r) => [r.alert as string, r]));
    expect(byName.get('TriplineOutboxBacklog')?.expr).toMatch(/tripline_outbox_pending\b.*> 0/);
    expect(byName.get('TriplineOutboxBacklog')?.for).toBe('30m');
    expect(byName.get('TriplineModelShutdownSoon')?.expr).toMatch(/tripline_model_shutdown_timestamp_seconds - time\(\)\) < 30 \* 86400/);
    expect(byName.get('TriplineNoSuccessfulRun')?.expr).toMatch(/time\(\) - tripline_last_success_timestamp_seconds > 2 \* 3600/);
    expect(byName.get('TriplineDown')?.expr).toContain(`job="${one(objects, 'Service').metadata.name}"`);
  });
});

describe('deploy/kubernetes/cronjob (tripline check on a schedule)', () => {
  const objects = render('deploy/kubernetes/cronjob');

  it('renders a CronJob with the shared ConfigMaps, PVC and NetworkPolicy, and nothing of the daemon', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'ConfigMap', 'CronJob', 'NetworkPolicy', 'PersistentVolumeClaim']);
  });

  it('runs `check` once at a time, hardened, with every referenced key present and the config valid as mounted', () => {
    const cron = one(objects, 'CronJob');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const c = containerOf(cron);
    expect(c.args).toEqual(['check', '--config', '/etc/tripline/tripline.yaml']);
    expect(podSpecOf(cron).restartPolicy).toBe('Never');
    // the image's wrapper maps drift (1) to success; config errors (2) are final, not retried
    expect(c.command).toEqual(['tripline-job']);
    const rule = (cron.spec.jobTemplate.spec.podFailurePolicy.rules as K8sObject[]).find((r) => r.action === 'FailJob');
    expect(rule?.onExitCodes).toMatchObject({ containerName: c.name, operator: 'In', values: [2] });
    expectHardened(cron);
    expectReferencesResolve(objects, cron, { externalSecrets: exampleSecret });
    const files = mountedFiles(cron, objects, { externalSecrets: exampleSecret });
    expectConfigAsMounted(cron, objects, files, '/etc/tripline/tripline.yaml', files.get('/etc/tripline/tripline.yaml')!);
    expect(selects(one(objects, 'NetworkPolicy').spec.podSelector.matchLabels, podLabelsOf(cron))).toBe(true);
  });

  it('uses the same ConfigMaps as the Deployment base', () => {
    const base = render('deploy/kubernetes');
    const names = (o: K8sObject[]): string[] => find(o, 'ConfigMap').map((x) => x.metadata.name as string).sort();
    expect(names(objects)).toEqual(names(base));
  });
});

/**
 * deploy/helm/tripline: no helm binary is obtainable here or in CI, so the chart is rendered by the
 * test-only renderer in helm-render.ts (the Go-template subset the chart uses; anything else throws)
 * and the manifests are checked structurally, with the same checks as the kustomize base.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ChartRenderer } from './helm-render.js';
import {
  containerOf,
  dataOf,
  expectConfigAsMounted,
  expectDaemonWorkload,
  expectHardened,
  expectReferencesResolve,
  expectValidCanaries,
  find,
  listenOf,
  mountedFiles,
  one,
  podSpecOf,
  type K8sObject,
} from './manifest-checks.js';

const chart = new ChartRenderer('deploy/helm/tripline');
const withKeys = { secrets: { values: { 'openai-api-key': 'sk-test-helm', 'server-auth-token': 'token-test-helm-0123456789', 'slack-bot-token': 'xoxb-test-helm' } } };

describe('deploy/helm/tripline', () => {
  it('Chart.yaml is a v2 application chart whose appVersion is the package version', () => {
    const c = parseYaml(readFileSync('deploy/helm/tripline/Chart.yaml', 'utf8')) as Record<string, string>;
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(c.apiVersion).toBe('v2');
    expect(c.type).toBe('application');
    expect(c.appVersion).toBe(pkg.version);
  });

  it('default values + secret values: a hardened daemon whose probes, ports and keys all line up', () => {
    const objects = chart.renderObjects(withKeys);
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'ConfigMap', 'Deployment', 'PersistentVolumeClaim', 'Secret', 'Service']);
    const loaded = expectDaemonWorkload(objects);
    expect(loaded.config.providers.openai?.apiKey).toBe('sk-test-helm');
    const c = containerOf(one(objects, 'Deployment'));
    expect(c.args).toEqual(['start', '--config', '/etc/tripline/tripline.yaml']);
    expect(c.image).toBe('ghcr.io/tripline/tripline:0.1.0');
    const secret = dataOf(one(objects, 'Secret'));
    expect(secret).toEqual({ 'openai-api-key': 'sk-test-helm', 'server-auth-token': 'token-test-helm-0123456789', 'slack-bot-token': 'xoxb-test-helm' });
    expect(loaded.config.server.authToken).toBe('token-test-helm-0123456789');
  });

  it('every optional object enabled: ServiceMonitor, PrometheusRule and NetworkPolicy agree with the pod', () => {
    const objects = chart.renderObjects({
      ...withKeys,
      metrics: { serviceMonitor: { enabled: true, labels: { release: 'kube-prometheus-stack' } } },
      prometheusRule: { enabled: true },
      networkPolicy: { enabled: true },
    });
    expectDaemonWorkload(objects);
    expect(one(objects, 'ServiceMonitor').metadata.labels.release).toBe('kube-prometheus-stack');
    const rules = (one(objects, 'PrometheusRule').spec.groups as K8sObject[]).flatMap((g) => g.rules as K8sObject[]);
    const exprs = Object.fromEntries(rules.map((r) => [r.alert, r.expr]));
    expect(exprs.TriplineOutboxBacklog).toMatch(/tripline_outbox_pending\b.*> 0/);
    expect(exprs.TriplineModelShutdownSoon).toBe('(tripline_model_shutdown_timestamp_seconds - time()) < 30 * 86400');
    expect(exprs.TriplineNoSuccessfulRun).toBe('time() - tripline_last_success_timestamp_seconds > 2 * 3600');
    expect(exprs.TriplineDown).toBe(`up{job="${one(objects, 'Service').metadata.name}"} == 0`);
    // Prometheus templates in annotations survive Helm templating verbatim
    expect(rules.find((r) => r.alert === 'TriplineOutboxBacklog')!.annotations.summary).toContain('{{ $labels.channel }}');
  });

  it('a changed port moves the container port, server.listen, probes, Service and NetworkPolicy together', () => {
    const objects = chart.renderObjects({ ...withKeys, port: 9999, networkPolicy: { enabled: true } });
    expectDaemonWorkload(objects);
    expect(listenOf(dataOf(find(objects, 'ConfigMap').find((c) => c.data['tripline.yaml'])!)['tripline.yaml']!).port).toBe(9999);
  });

  it('config keys the chart owns (server, stateDir, canaries, snapshots) cannot be pointed away from its mounts', () => {
    const objects = chart.renderObjects({
      ...withKeys,
      config: { server: { listen: '127.0.0.1:1234' }, stateDir: '/nowhere', canaries: './elsewhere', snapshots: '/ro' },
    });
    const loaded = expectDaemonWorkload(objects);
    expect(loaded.config.canaries).toBe('/etc/tripline/canaries');
  });

  it('existingSecret: no Secret is rendered and the pod reads the named one', () => {
    const objects = chart.renderObjects({ secrets: { existingSecret: 'platform-llm-keys' } });
    expect(find(objects, 'Secret')).toHaveLength(0);
    expectDaemonWorkload(objects, { preexistingSecret: 'platform-llm-keys' });
    const vols = podSpecOf(one(objects, 'Deployment')).volumes as K8sObject[];
    expect(vols.find((v) => v.secret)!.secret.secretName).toBe('platform-llm-keys');
  });

  it('without existingSecret, a missing secret value fails the render (helm `required`)', () => {
    expect(() => chart.renderObjects()).toThrow(/secrets\.values\.openai-api-key is required/);
  });

  it('persistence.enabled=false: no PVC, state in an emptyDir (still writable)', () => {
    const objects = chart.renderObjects({ ...withKeys, persistence: { enabled: false } });
    expect(find(objects, 'PersistentVolumeClaim')).toHaveLength(0);
    expectDaemonWorkload(objects);
  });

  it('canaries from values become the canaries ConfigMap, valid canaries', () => {
    const objects = chart.renderObjects(withKeys);
    const deployment = one(objects, 'Deployment');
    const name = (podSpecOf(deployment).volumes as K8sObject[]).find((v) => v.name === 'canaries')!.configMap.name as string;
    const data = dataOf(one(objects, 'ConfigMap', name));
    expect(Object.keys(data).sort()).toEqual(['json-output.yaml', 'tokens-short.yaml']);
    expectValidCanaries(data);
    for (const [file, text] of Object.entries(data)) expect(parseYaml(text)).toEqual(parseYaml(readFileSync(`canaries/${file}`, 'utf8')));
  });

  it('mode=cronjob: `tripline check` on a schedule, hardened, with every reference resolved', () => {
    const objects = chart.renderObjects({ ...withKeys, mode: 'cronjob', metrics: { serviceMonitor: { enabled: true } }, prometheusRule: { enabled: true } });
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'ConfigMap', 'CronJob', 'PersistentVolumeClaim', 'Secret']);
    const cron = one(objects, 'CronJob');
    expect(cron.spec.schedule).toBe('*/30 * * * *');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(containerOf(cron).args).toEqual(['check', '--config', '/etc/tripline/tripline.yaml']);
    // drift (exit 1) does not fail the Job: the image's wrapper maps it to 0; config errors stay final
    expect(containerOf(cron).command).toEqual(['tripline-job']);
    const rule = (cron.spec.jobTemplate.spec.podFailurePolicy.rules as K8sObject[]).find((r) => r.action === 'FailJob');
    expect(rule?.onExitCodes.values).toEqual([2]);
    expect(containerOf(one(chart.renderObjects(withKeys), 'Deployment')).command, 'the daemon keeps the image ENTRYPOINT').toBeUndefined();
    expect(containerOf(cron).ports).toBeUndefined();
    expectHardened(cron);
    expectReferencesResolve(objects, cron);
    const files = mountedFiles(cron, objects);
    expectConfigAsMounted(cron, objects, files, '/etc/tripline/tripline.yaml', files.get('/etc/tripline/tripline.yaml')!);
  });

  it('NOTES.txt renders for both modes', () => {
    expect(chart.notes(withKeys)).toContain('port-forward svc/tripline 9464');
    expect(chart.notes({ ...withKeys, mode: 'cronjob' })).toContain('create job --from=cronjob/tripline-check');
  });
});

describe('the test-only template renderer', () => {
  it('rejects what it does not implement instead of rendering it wrongly', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'chart-'));
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'name: x\nversion: 0.0.1\nappVersion: "1"\n');
    writeFileSync(join(dir, 'values.yaml'), 'a: {b: 1}\n');
    writeFileSync(join(dir, 'templates', 'x.yaml'), 'k: {{ .Values.a.b | upper }}\n');
    expect(() => new ChartRenderer(dir).renderObjects()).toThrow(/upper.*outside the supported subset/);
    writeFileSync(join(dir, 'templates', 'x.yaml'), 'k: {{ .Values.missing.b }}\n');
    expect(() => new ChartRenderer(dir).renderObjects()).toThrow(/nil pointer/);
    writeFileSync(join(dir, 'templates', 'x.yaml'), '{{- range $k, $v := .Values.a }}\n{{ $k }}: {{ $v }}\n{{- end }}\nq: {{ printf "%s-%d" "p" 3 | quote }}\n');
    expect(new ChartRenderer(dir).renderObjects()).toEqual([{ b: 1, q: 'p-3' }]);
  });
});

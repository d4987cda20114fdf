/**
 * deploy/helm/tripline/values.schema.json: helm checks the merged values against it before it
 * renders anything (install, upgrade, template, lint). No helm binary is available, so the chart is
 * rendered by the test renderer, which applies the schema with ajv exactly there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ChartRenderer, mergeValues } from './helm-render.js';
import { find, one, podSpecOf, type K8sObject } from './manifest-checks.js';

const chart = new ChartRenderer('deploy/helm/tripline');
const withKeys = { secrets: { values: { 'openai-api-key': 'sk-test', 'server-auth-token': 'token-test-0123456789', 'slack-bot-token': 'xoxb-test' } } };
const postgres = { state: { type: 'postgres', urlFile: '/var/run/secrets/tripline/postgres-url' } };

interface SchemaNode {
  type?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
}

describe('deploy/helm/tripline/values.schema.json', () => {
  it('the shipped values.yaml meets it', () => {
    expect(() => chart.renderObjects(withKeys)).not.toThrow();
  });

  it.each([
    [{ mode: 'deploymnet' }, /\/mode: must be equal to one of the allowed values \(deployment, cronjob\)/],
    [{ resouces: { limits: { memory: '1Gi' } } }, /\(root\): must NOT have additional properties \(resouces\)/],
    [{ resources: { limits: { memroy: '1Gi' } } }, /\/resources\/limits: must NOT have additional properties \(memroy\)/],
    [{ resources: { limits: { memory: 'lots' } } }, /\/resources\/limits\/memory/],
    [{ image: { pullPolicy: 'Sometimes' } }, /\/image\/pullPolicy: must be equal to one of the allowed values/],
    [{ service: { type: 'ExternalName' } }, /\/service\/type/],
    [{ port: 70000 }, /\/port: must be <= 65535/],
    [{ persistence: { accessModes: ['ReadWriteOnly'] } }, /\/persistence\/accessModes\/0/],
    [{ prometheusRule: { enabled: true, outboxBacklogFor: 'half an hour' } }, /\/prometheusRule\/outboxBacklogFor/],
    [{ metrics: { serviceMonitor: { enable: true } } }, /\/metrics\/serviceMonitor: must NOT have additional properties \(enable\)/],
  ])('rejects %j before rendering anything', (values, message) => {
    expect(() => chart.renderObjects({ ...withKeys, ...values })).toThrow(message);
  });

  it('replicas > 1 only with the PostgreSQL state and a state volume the pods can share', () => {
    expect(() => chart.renderObjects({ ...withKeys, replicas: 2 })).toThrow(/\/config: must have required property 'state'/);
    expect(() => chart.renderObjects({ ...withKeys, replicas: 2, config: { state: { type: 'sqlite' } } })).toThrow(/\/config\/state\/type: must be equal to constant/);
    // postgres, but every pod would mount the one ReadWriteOnce claim
    expect(() => chart.renderObjects({ ...withKeys, replicas: 2, config: postgres })).toThrow(/\/persistence: must match a schema in anyOf/);
    expect(() => chart.renderObjects({ ...withKeys, replicas: 0 })).toThrow(/\/replicas: must be >= 1/);
  });

  it('HA mode renders N replicas, RollingUpdate and a PodDisruptionBudget selecting the pods', () => {
    const objects = chart.renderObjects({ ...withKeys, replicas: 3, config: postgres, persistence: { enabled: false } });
    const deployment = one(objects, 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(find(objects, 'PersistentVolumeClaim')).toHaveLength(0);
    expect((podSpecOf(deployment).volumes as K8sObject[]).find((v) => v.name === 'state')).toEqual({ name: 'state', emptyDir: {} });
    const pdb = one(objects, 'PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    // a ReadWriteMany claim can be shared too
    const rwx = chart.renderObjects({ ...withKeys, replicas: 2, config: postgres, persistence: { accessModes: ['ReadWriteMany'] } });
    expect(one(rwx, 'PersistentVolumeClaim').spec.accessModes).toEqual(['ReadWriteMany']);
  });

  it('one replica (the default) keeps Recreate and no PodDisruptionBudget (it would block node drains)', () => {
    const objects = chart.renderObjects(withKeys);
    expect(one(objects, 'Deployment').spec.replicas).toBe(1);
    expect(one(objects, 'Deployment').spec.strategy).toEqual({ type: 'Recreate' });
    expect(find(objects, 'PodDisruptionBudget')).toHaveLength(0);
  });

  it('describes every key of values.yaml (so editors and `helm show values` readers get help)', () => {
    const schema = JSON.parse(readFileSync('deploy/helm/tripline/values.schema.json', 'utf8')) as SchemaNode;
    const values = mergeValues(parseYaml(readFileSync('deploy/helm/tripline/values.yaml', 'utf8')) as Record<string, unknown>, {});
    const walk = (node: SchemaNode, value: unknown, path: string): void => {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !node.properties) return;
      for (const [key, v] of Object.entries(value)) {
        const child = node.properties[key];
        if (!child) continue; // free-form maps (config, canaries, labels) have no per-key schema
        expect(child.description, `${path}${key} has a description`).toBeTruthy();
        walk(child, v, `${path}${key}.`);
      }
    };
    walk(schema, values, '');
    for (const key of Object.keys(values)) expect(schema.properties, key).toHaveProperty(key);
  });
});

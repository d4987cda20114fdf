/**
 * Structural checks shared by the kustomize and Helm tests: what a platform engineer would check by
 * hand before applying the manifests, against what the daemon and the config loader really do.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig, type LoadedConfig } from '../../src/config/load.js';
import { Canary } from '../../src/config/canary-schema.js';

// Kubernetes objects are untyped JSON here.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type K8sObject = Record<string, any>;

/** The GET paths the daemon's HTTP server answers (its route switch in src/runtime/server/index.ts). */
export function servedPaths(): Set<string> {
  const src = readFileSync('src/runtime/server/index.ts', 'utf8');
  return new Set([...src.matchAll(/case '(\/[^']*)':/g)].map((m) => m[1]!));
}

/** HOST and PORT of `server.listen` in a tripline.yaml text. */
export function listenOf(configText: string): { host: string; port: number } {
  const listen = String((parseYaml(configText) as { server?: { listen?: string } }).server?.listen ?? '127.0.0.1:9464');
  const i = listen.lastIndexOf(':');
  return { host: listen.slice(0, i), port: Number(listen.slice(i + 1)) };
}

export function find(objects: K8sObject[], kind: string, name?: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
}

export function one(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = find(objects, kind, name);
  expect(found, `exactly one ${kind}${name ? ` ${name}` : ''}`).toHaveLength(1);
  return found[0]!;
}

/** The pod template spec of a Deployment or CronJob. */
export function podSpecOf(workload: K8sObject): K8sObject {
  return workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template.spec : workload.spec.template.spec;
}

export function podLabelsOf(workload: K8sObject): Record<string, string> {
  return (workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template : workload.spec.template).metadata?.labels ?? {};
}

export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** The one tripline container. */
export function containerOf(workload: K8sObject): K8sObject {
  const containers = podSpecOf(workload).containers as K8sObject[];
  expect(containers).toHaveLength(1);
  return containers[0]!;
}

/** Data of a ConfigMap or Secret: data and stringData keys -> decoded text. */
export function dataOf(obj: K8sObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj.data ?? {})) out[k] = obj.kind === 'Secret' ? Buffer.from(String(v), 'base64').toString('utf8') : String(v);
  for (const [k, v] of Object.entries(obj.stringData ?? {})) out[k] = String(v);
  return out;
}

/** Non-root, read-only root filesystem, no privilege escalation, no capabilities, seccomp. */
export function expectHardened(workload: K8sObject): void {
  const pod = podSpecOf(workload);
  const c = containerOf(workload);
  const psc = pod.securityContext ?? {};
  const csc = c.securityContext ?? {};
  const runAsNonRoot = csc.runAsNonRoot ?? psc.runAsNonRoot;
  const runAsUser = csc.runAsUser ?? psc.runAsUser;
  expect(runAsNonRoot, 'runAsNonRoot').toBe(true);
  expect(runAsUser, 'runAsUser').toBe(10001);
  expect(csc.readOnlyRootFilesystem, 'readOnlyRootFilesystem').toBe(true);
  expect(csc.allowPrivilegeEscalation, 'allowPrivilegeEscalation').toBe(false);
  expect(csc.privileged ?? false).toBe(false);
  expect(csc.capabilities?.drop).toContain('ALL');
  expect(csc.capabilities?.add ?? []).toEqual([]);
  expect((csc.seccompProfile ?? psc.seccompProfile)?.type).toBe('RuntimeDefault');
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(pod.hostNetwork ?? false).toBe(false);
  expect(c.resources?.requests?.cpu && c.resources?.requests?.memory, 'resource requests').toBeTruthy();
  expect(c.resources?.limits?.memory, 'memory limit').toBeTruthy();
}

export interface RefCheckOptions {
  /** Secrets that exist beside the rendered objects (the example Secret for kustomize). */
  externalSecrets?: K8sObject[];
  /** A Secret name that is expected to exist already (Helm existingSecret): keys cannot be checked. */
  preexistingSecret?: string;
}

/**
 * Every ConfigMap / Secret / PVC the pod refers to exists, and so does every key it names: volume
 * items, configMapKeyRef and secretKeyRef. Returns the resolved ConfigMap data by volume name.
 */
export function expectReferencesResolve(objects: K8sObject[], workload: K8sObject, opts: RefCheckOptions = {}): Map<string, Record<string, string>> {
  const pod = podSpecOf(workload);
  const c = containerOf(workload);
  const secrets = [...find(objects, 'Secret'), ...(opts.externalSecrets ?? [])];
  const dataByVolume = new Map<string, Record<string, string>>();
  const lookup = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> | null => {
    if (kind === 'Secret' && name === opts.preexistingSecret) return null;
    const pool = kind === 'Secret' ? secrets : find(objects, 'ConfigMap');
    const found = pool.filter((o) => o.metadata?.name === name);
    expect(found, `${kind} ${name} referenced by the pod exists`).toHaveLength(1);
    return dataOf(found[0]!);
  };
  const volumeNames = new Set<string>();
  for (const v of pod.volumes as K8sObject[]) {
    volumeNames.add(v.name);
    const source = v.configMap ? { kind: 'ConfigMap' as const, name: v.configMap.name, items: v.configMap.items } : v.secret ? { kind: 'Secret' as const, name: v.secret.secretName, items: v.secret.items } : null;
    if (source) {
      const data = lookup(source.kind, source.name);
      if (data) {
        for (const item of (source.items ?? []) as { key: string }[]) expect(Object.keys(data), `${source.kind} ${source.name} has key ${item.key}`).toContain(item.key);
        dataByVolume.set(v.name, data);
      }
    }
    if (v.persistentVolumeClaim) expect(find(objects, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName), `PVC ${v.persistentVolumeClaim.claimName}`).toHaveLength(1);
  }
  for (const m of c.volumeMounts as K8sObject[]) {
    expect(volumeNames, `volumeMount ${m.name} has a volume`).toContain(m.name);
    if (m.subPath) {
      const data = dataByVolume.get(m.name);
      if (data) expect(Object.keys(data), `subPath ${m.subPath} exists in volume ${m.name}`).toContain(m.subPath);
    }
  }
  for (const e of (c.env ?? []) as K8sObject[]) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sk = e.valueFrom?.secretKeyRef;
    if (cm) expect(Object.keys(lookup('ConfigMap', cm.name) ?? {}), `ConfigMap ${cm.name} key ${cm.key}`).toContain(cm.key);
    if (sk) {
      const data = lookup('Secret', sk.name);
      if (data) expect(Object.keys(data), `Secret ${sk.name} key ${sk.key} (env ${e.name})`).toContain(sk.key);
    }
  }
  for (const ef of (c.envFrom ?? []) as K8sObject[]) {
    if (ef.configMapRef) lookup('ConfigMap', ef.configMapRef.name);
    if (ef.secretRef) lookup('Secret', ef.secretRef.name);
  }
  return dataByVolume;
}

/** The file a container path resolves to through the pod's mounts: mountPath + subPath / item paths. */
export function mountedFiles(workload: K8sObject, objects: K8sObject[], opts: RefCheckOptions = {}): Map<string, string> {
  const pod = podSpecOf(workload);
  const c = containerOf(workload);
  const files = new Map<string, string>();
  const secrets = [...find(objects, 'Secret'), ...(opts.externalSecrets ?? [])];
  for (const m of c.volumeMounts as K8sObject[]) {
    const v = (pod.volumes as K8sObject[]).find((x) => x.name === m.name)!;
    let data: Record<string, string> | undefined;
    let items: { key: string; path: string }[] | undefined;
    if (v.configMap) {
      data = dataOf(find(objects, 'ConfigMap', v.configMap.name)[0] ?? {});
      items = v.configMap.items;
    } else if (v.secret) {
      const s = secrets.find((o) => o.metadata?.name === v.secret.secretName);
      // A Secret that exists only in the cluster: its item paths still show where files appear.
      data = s ? dataOf(s) : Object.fromEntries(((v.secret.items ?? []) as { key: string }[]).map((i) => [i.key, '<secret-from-the-cluster>']));
      items = v.secret.items;
    } else continue;
    const layout = items ? items.map((i) => [i.path, data[i.key]] as const) : Object.entries(data);
    for (const [path, content] of layout) {
      if (content === undefined) continue;
      if (m.subPath) {
        if (path === m.subPath) files.set(m.mountPath, content);
      } else files.set(posix.join(m.mountPath, path), content);
    }
  }
  return files;
}

/** Writable mount paths of the container (PVC, emptyDir). */
export function writableMounts(workload: K8sObject): string[] {
  const pod = podSpecOf(workload);
  return (containerOf(workload).volumeMounts as K8sObject[])
    .filter((m) => !m.readOnly)
    .filter((m) => {
      const v = (pod.volumes as K8sObject[]).find((x) => x.name === m.name)!;
      return Boolean(v.persistentVolumeClaim || v.emptyDir);
    })
    .map((m) => m.mountPath as string);
}

/**
 * Loads a deploy config with the real loader, as the container would see it: `files` (absolute
 * container paths -> content) are laid out under a temporary root and the config's absolute paths
 * are moved there. Returns the loaded config with its paths mapped back to container paths.
 */
export function loadAsContainer(configPath: string, files: Map<string, string>, env: Record<string, string>): LoadedConfig {
  const root = mkdtempSync(join(tmpdir(), 'tripline-deploy-root-'));
  try {
    const rebase = (text: string): string => text.replace(/(?<=[\s"'=])\/(?=(etc|var|run|tmp)\/)/g, `${root}/`);
    for (const [path, content] of files) {
      const target = join(root, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, path === configPath ? rebase(content) : content);
    }
    const loaded = loadConfig(join(root, configPath), Object.fromEntries(Object.entries(env).map(([k, v]) => [k, rebase(` ${v}`).slice(1)])));
    const unbase = (p: string): string => (p.startsWith(root) ? p.slice(root.length) : p);
    return { ...loaded, config: { ...loaded.config, canaries: unbase(loaded.config.canaries), snapshots: unbase(loaded.config.snapshots), stateDir: unbase(loaded.config.stateDir) } };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Names of the `${VAR}` references without a default in a tripline.yaml text. */
export function requiredEnv(configText: string): string[] {
  const names = new Set<string>();
  for (const line of configText.split('\n')) {
    const code = line.replace(/(^|\s)#.*$/, '');
    for (const m of code.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?\}/g)) if (!m[2]?.includes('-')) names.add(m[1]!);
  }
  return [...names];
}

/** Canary files parse and validate with the real canary schema. */
export function expectValidCanaries(data: Record<string, string>): void {
  expect(Object.keys(data).length).toBeGreaterThan(0);
  for (const [name, text] of Object.entries(data)) {
    expect(name).toMatch(/\.ya?ml$/);
    const r = Canary.safeParse(parseYaml(text));
    expect(r.success, `${name}: ${r.error?.message ?? ''}`).toBe(true);
  }
}

/**
 * The checks every deployment of `tripline start` must pass, whichever tool rendered it: probes on
 * endpoints the server really has, on the port the config listens on, reachable from the kubelet;
 * Service, ServiceMonitor and NetworkPolicy agree with the pod; the config is valid as mounted.
 */
export function expectDaemonWorkload(objects: K8sObject[], opts: RefCheckOptions & { env?: Record<string, string> } = {}): LoadedConfig {
  const deployment = one(objects, 'Deployment');
  expect(deployment.spec.replicas).toBe(1);
  expect(deployment.spec.strategy?.type).toBe('Recreate');
  expect(selects(deployment.spec.selector.matchLabels, podLabelsOf(deployment))).toBe(true);
  const c = containerOf(deployment);
  expect(c.args?.[0]).toBe('start');
  expect(c.args).toContain('--config');
  const configFile = c.args[c.args.indexOf('--config') + 1] as string;

  expectHardened(deployment);
  expectReferencesResolve(objects, deployment, opts);
  const files = mountedFiles(deployment, objects, opts);
  const configText = files.get(configFile);
  expect(configText, `${configFile} is mounted`).toBeDefined();

  // ports: the container port named in the probes is the one server.listen binds, on all interfaces
  const { host, port } = listenOf(configText!);
  expect(host).toBe('0.0.0.0');
  const ports = c.ports as { name: string; containerPort: number }[];
  const served = servedPaths();
  const portOf = (p: string | number): number | undefined => (typeof p === 'number' ? p : ports.find((x) => x.name === p)?.containerPort);
  for (const [probe, path] of [['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']] as const) {
    expect(c[probe]?.httpGet?.path, probe).toBe(path);
    expect(served, `${path} is served by the daemon`).toContain(path);
    expect(portOf(c[probe].httpGet.port), `${probe} port`).toBe(port);
  }
  if (c.startupProbe) {
    expect(served).toContain(c.startupProbe.httpGet.path);
    expect(portOf(c.startupProbe.httpGet.port)).toBe(port);
  }

  const service = one(objects, 'Service');
  expect(selects(service.spec.selector, podLabelsOf(deployment)), 'Service selects the pod').toBe(true);
  const http = (service.spec.ports as K8sObject[]).find((p) => p.name === 'http')!;
  expect(http).toBeDefined();
  expect(portOf(http.targetPort)).toBe(port);

  for (const sm of find(objects, 'ServiceMonitor')) {
    expect(selects(sm.spec.selector.matchLabels, service.metadata.labels ?? {}), 'ServiceMonitor selects the Service').toBe(true);
    for (const ep of sm.spec.endpoints as K8sObject[]) {
      expect(ep.port).toBe('http');
      expect(served).toContain(ep.path);
    }
  }
  for (const np of find(objects, 'NetworkPolicy')) {
    expect(selects(np.spec.podSelector?.matchLabels, podLabelsOf(deployment)), 'NetworkPolicy selects the pod (and only it)').toBe(true);
    const ingressPorts = (np.spec.ingress as K8sObject[]).flatMap((r) => (r.ports ?? []) as K8sObject[]).map((p) => portOf(p.port));
    expect(ingressPorts).toContain(port);
    const egressPorts = (np.spec.egress as K8sObject[]).flatMap((r) => (r.ports ?? []) as K8sObject[]).map((p) => p.port);
    expect(egressPorts).toEqual(expect.arrayContaining([53, 443]));
  }
  return expectConfigAsMounted(deployment, objects, files, configFile, configText!, opts.env);
}

/** The mounted tripline.yaml loads with the real loader, its paths lie on the right mounts, its secrets are provided. */
export function expectConfigAsMounted(
  workload: K8sObject,
  _objects: K8sObject[],
  files: Map<string, string>,
  configFile: string,
  configText: string,
  extraEnv: Record<string, string> = {},
): LoadedConfig {
  const c = containerOf(workload);
  const envNames = ((c.env ?? []) as { name: string }[]).map((e) => e.name);
  for (const name of requiredEnv(configText)) expect(envNames, `\${${name}} in ${configFile} is set in the container`).toContain(name);
  const env = Object.fromEntries(envNames.map((n) => [n, `value-of-${n.toLowerCase()}`]));
  const loaded = loadAsContainer(configFile, files, { ...env, ...extraEnv });
  const writable = writableMounts(workload);
  const under = (path: string, dirs: string[]): boolean => dirs.some((d) => path === d || path.startsWith(`${d}/`));
  expect(under(loaded.config.stateDir, writable), `stateDir ${loaded.config.stateDir} is writable`).toBe(true);
  expect(under(loaded.config.snapshots, writable), `snapshots ${loaded.config.snapshots} is writable`).toBe(true);
  const canaryMount = (c.volumeMounts as K8sObject[]).find((m) => m.mountPath === loaded.config.canaries);
  expect(canaryMount, `canaries ${loaded.config.canaries} is a mount`).toBeDefined();
  expect(loaded.canaries.length).toBeGreaterThan(0);
  for (const p of Object.values(loaded.config.providers)) expect(p.apiKey, 'every provider has its key').toBeTruthy();
  // the HTTP server's Bearer token comes from a mounted Secret file, never from the ConfigMap
  const authTokenFile = (parseYaml(configText) as { server?: { authTokenFile?: string } }).server?.authTokenFile;
  expect(authTokenFile, `server.authTokenFile in ${configFile}`).toBe('/var/run/secrets/tripline/server-auth-token');
  expect(files.has(authTokenFile!), `${authTokenFile} is mounted`).toBe(true);
  expect(loaded.config.server.authToken, 'the token is read from the mounted file').toBe(files.get(authTokenFile!)!.trim());
  return loaded;
}

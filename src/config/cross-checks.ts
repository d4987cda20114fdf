import { z } from 'zod';
import type { ConfigProblem } from '../domain/errors.js';
import { parseTarget } from '../domain/target.js';
import { cronError } from '../domain/cron.js';
import { locate, problemAt } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/*
 * Checks the schema cannot express. They read lenient views of the raw data, not the validated
 * config, so that they still run (and every problem is reported at once) when another field is
 * invalid. A field of the wrong type reads as absent here: the schema reports it.
 */

const str = z.string().optional().catch(undefined);
const strList = z.array(z.unknown()).optional().catch(undefined);
const list = <T extends z.ZodType>(item: T) => z.array(item.optional().catch(undefined)).catch([]);

const ConfigView = z
  .object({
    providers: z.record(z.string(), z.unknown()).optional().catch(undefined),
    targets: strList,
    sameAs: z.record(z.string(), strList).optional().catch(undefined),
    schedule: str,
    timezone: str,
    deprecations: z.object({ schedule: str }).optional().catch(undefined),
    alerts: z
      .object({
        channels: list(z.object({ type: str, name: str })),
        maintenance: list(z.object({ cron: str, timezone: str })),
      })
      .optional()
      .catch(undefined),
  })
  .catch({});

const CanaryView = z.object({ id: str, targets: strList, schedule: str }).catch({});

/** A canary file's source and its interpolated, not necessarily valid, data. */
export interface RawCanary {
  source: YamlSource;
  raw: unknown;
}

/** Within tripline.yaml: target providers exist, targets unique, sameAs members known and distinct, cron and time zones valid, channel names unique. */
export function checkConfig(source: YamlSource, raw: unknown): ConfigProblem[] {
  const config = ConfigView.parse(raw);
  const problems: ConfigProblem[] = [];
  const at = (path: (string | number)[], message: string): void => void problems.push(problemAt(source, path, message));
  const seen = new Set<string>();
  config.targets?.forEach((id, i) => {
    if (typeof id !== 'string') return;
    const target = parseTarget(id);
    if (target && config.providers && !(target.provider in config.providers)) {
      const known = Object.keys(config.providers).join(', ') || 'none';
      at(['targets', i], `provider "${target.provider}" is not configured (configured: ${known})`);
    }
    if (seen.has(id)) at(['targets', i], `duplicate target "${id}"`);
    seen.add(id);
  });
  if (config.sameAs) checkSameAs(config.sameAs, config.targets ? seen : null, at);
  checkCron(config.schedule, ['schedule'], at);
  checkCron(config.deprecations?.schedule, ['deprecations', 'schedule'], at);
  checkTimeZone(config.timezone, ['timezone'], at);
  const names = new Map<string, number>();
  config.alerts?.channels.forEach((channel, i) => {
    const name = channel?.name ?? channel?.type;
    if (name === undefined) return;
    const first = names.get(name);
    if (first === undefined) names.set(name, i);
    else {
      const field = channel?.name ? 'name' : 'type';
      at(['alerts', 'channels', i, field], `duplicate channel name "${name}" (also channel ${first}): give each channel a distinct name`);
    }
  });
  config.alerts?.maintenance.forEach((window, i) => {
    checkCron(window?.cron, ['alerts', 'maintenance', i, 'cron'], at);
    checkTimeZone(window?.timezone, ['alerts', 'maintenance', i, 'timezone'], at);
  });
  return problems;
}

type At = (path: (string | number)[], message: string) => void;

/**
 * `sameAs` members are configured targets, distinct within their group, and in one group at most:
 * a target in two groups would make both one group, which is what the config should say.
 */
function checkSameAs(groups: Record<string, unknown[] | undefined>, targets: ReadonlySet<string> | null, at: At): void {
  const groupOf = new Map<string, string>();
  for (const [name, members] of Object.entries(groups)) {
    const inGroup = new Set<string>();
    members?.forEach((member, i) => {
      if (typeof member !== 'string') return;
      const path = ['sameAs', name, i];
      if (targets && !targets.has(member)) at(path, `target "${member}" is not in the config's targets`);
      if (inGroup.has(member)) at(path, `"${member}" is listed twice in sameAs group "${name}": list each target once`);
      else if (groupOf.has(member)) at(path, `"${member}" is already in sameAs group "${groupOf.get(member) ?? ''}": a target belongs to one group`);
      inGroup.add(member);
      if (!groupOf.has(member)) groupOf.set(member, name);
    });
  }
}

function checkCron(expression: string | undefined, path: (string | number)[], at: At): void {
  const error = expression === undefined ? null : cronError(expression);
  if (error) at(path, error);
}

function checkTimeZone(tz: string | undefined, path: (string | number)[], at: At): void {
  if (tz === undefined) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    at(path, `unknown IANA time zone "${tz}"`);
  }
}

/** Across canary files and against the config: unique ids (naming both files), configured targets, cron. */
export function checkCanaries(canaries: readonly RawCanary[], configRaw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const configTargets = ConfigView.parse(configRaw).targets;
  const targets = configTargets ? new Set(configTargets.filter((t) => typeof t === 'string')) : null;
  const firstById = new Map<string, YamlSource>();
  for (const { source, raw } of canaries) {
    const canary = CanaryView.parse(raw);
    const at: At = (path, message) => void problems.push(problemAt(source, path, message));
    if (canary.id !== undefined) {
      const first = firstById.get(canary.id);
      if (first) {
        const pos = locate(first, ['id']);
        at(['id'], `duplicate canary id "${canary.id}" (also in ${first.file}:${pos.line}:${pos.column})`);
      } else {
        firstById.set(canary.id, source);
      }
    }
    canary.targets?.forEach((t, i) => {
      if (targets && typeof t === 'string' && !targets.has(t)) at(['targets', i], `target "${t}" is not in the config's targets`);
    });
    checkCron(canary.schedule, ['schedule'], at);
  }
  return problems;
}

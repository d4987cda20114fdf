/**
 * `tripline validate`'s power table: per statistical canary and target, what one cycle costs when
 * quiet and what it can see (src/commands/power-model.ts; README "Reading the power table").
 */
import type { Canary } from '../config/canary-schema.js';
import type { LoadedConfig } from '../config/load.js';
import { cronRunsPerDay } from '../domain/cron.js';
import { parseTarget } from '../domain/target.js';
import { getProvider } from '../providers/registry.js';
import { applicabilityOf } from '../runtime/engine/applicability.js';
import { sameAsGroupOf } from '../runtime/engine/tenants/index.js';
import { BORDER_QUIET } from '../probes/behavior/sequential.js';
import { DEFAULT_LATENCY_FACTOR } from '../probes/latency/index.js';
import { SERIES_WEIGHTS } from '../probes/latency/judge.js';
import { CHECK_SHARES, CHECK_WEIGHTS } from '../probes/latency/quantile-shift.js';
import { LATENCY_DESIGN_POWER } from '../probes/latency/sequential.js';
import { borderPower } from './border-power.js';
import { countDetectableRate, countQuietRequests, designOf, divergencePower, lengthQuietRequests, lengthShiftPower, reproducibilityQuietRequests, sequentialPower, SWAP_SHARE, SWAP_TV } from './power-model.js';

/** One line of the table. */
export interface PowerRow {
  target: string;
  canary: string;
  probe: string;
  /** Requests a cycle may send (items × samples). */
  plannedRequests: number;
  /** Expected requests of a quiet cycle, with the sequential stop where the canary has one. */
  quietRequests: number;
  /** The smallest effect one cycle decides with power 0.95, in words. */
  smallestEffect: string;
  /** Targets without logprobs, border inputs: expected time to detect a 5 % sticky swap, in words. */
  partialSwap: string | null;
}

const STATISTICAL = ['calibration', 'logprobs', 'behavior', 'reproducibility', 'length', 'cache', 'latency'] as const;

/**
 * What the count rows assume of a pool (the simulator's serving model is near both): 2 % of cache
 * reads miss; 1 % of requests lie beyond twice the pool's p95.
 */
const POOL_MISS_RATE = 0.02;
const POOL_TAIL_RATE = 0.01;

const hours = (h: number): string => (h < 48 ? `${h.toFixed(h < 10 ? 1 : 0)} h` : `${(h / 24).toFixed(h < 240 ? 1 : 0)} days`);
const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

function rowFor(canary: Canary, probe: string, target: string, logprobs: boolean, loaded: LoadedConfig, lanes: number): PowerRow {
  const { alpha, warmupCycles } = loaded.config.evaluation;
  const items = Math.max(1, canary.items?.length ?? 0);
  const planned = items * canary.samples;
  const base = { target, canary: canary.id, probe, plannedRequests: planned, quietRequests: planned, partialSwap: null };
  // A sameAs member sends its whole canary (its peers judge the whole window): no early stop.
  const sequential = sameAsGroupOf(loaded.config, target) === null;
  const design = designOf(probe);
  if (design) {
    if (!logprobs) return { ...base, smallestEffect: 'needs logprobs: silent on this target' };
    const p = sequentialPower(canary, design, alpha, lanes);
    const swap = p.swapPower === null ? '' : `; a ${pct(SWAP_SHARE)} sticky swap: decided in ${pct(p.swapPower)} of cycles`;
    return { ...base, quietRequests: sequential ? p.quietRequests : planned, smallestEffect: `every item moved by ${p.everyItemShift.toFixed(1)} jitter SD${swap}` };
  }
  if (probe === 'behavior') {
    const b = borderPower(canary, warmupCycles, alpha, sequential ? BORDER_QUIET : null);
    const interval = 24 / cronRunsPerDay(canary.schedule ?? loaded.config.schedule);
    const swap = logprobs ? null : `${pct(b.reachable)} of swaps reach a prompt; those within ${hours(b.swapCycles * interval)} (≤ ${Math.ceil(b.swapCycles)} cycles, TV ${SWAP_TV} assumed)`;
    return { ...base, quietRequests: b.quietRequests, smallestEffect: `first-token split moved by TV ${b.everyPromptTv.toFixed(2)} on every prompt`, partialSwap: swap };
  }
  if (probe === 'reproducibility') {
    // Quiet cycles stop early (probes/reproducibility/sequential.ts): at the 2% divergence assumed here.
    return { ...base, quietRequests: sequential ? reproducibilityQuietRequests(planned, 0.02, alpha, lanes) : planned, smallestEffect: `divergence rate 2% → ${pct(divergencePower(planned, 0.02, alpha))}` };
  }
  if (probe === 'cache') {
    // The first request of each item writes the prefix; the others should read it (probes/cache/hit-rate.ts).
    const d = { planned, uncounted: items, base: POOL_MISS_RATE, poolTrials: warmupCycles * (planned - items), alpha };
    return { ...base, quietRequests: sequential ? countQuietRequests(d, lanes) : planned, smallestEffect: `cache miss rate ${pct(POOL_MISS_RATE)} → ${pct(countDetectableRate(d))}` };
  }
  if (probe === 'latency') {
    // The check that sees least: the p95 of the total, at its share of α (probes/latency/judge.ts, quantile-shift.ts).
    const share = canary.request.params.stream ? SERIES_WEIGHTS.total : 1;
    const d = { planned, uncounted: 0, base: POOL_TAIL_RATE, poolTrials: warmupCycles * planned, alpha: alpha * share * CHECK_WEIGHTS.p95_up, minEvents: Math.floor(CHECK_SHARES.p95_up * planned) + 1, stopPower: LATENCY_DESIGN_POWER };
    return { ...base, quietRequests: sequential ? countQuietRequests(d, lanes) : planned, smallestEffect: `requests beyond ${loaded.config.evaluation.latencyFactor ?? DEFAULT_LATENCY_FACTOR}x the p95: ${pct(POOL_TAIL_RATE)} → ${pct(countDetectableRate(d))}` };
  }
  if (canary.request.params.maxTokens === undefined) return { ...base, smallestEffect: 'any change of the default output cap (exact)' };
  const quietRequests = sequential && planned > 1 ? lengthQuietRequests(planned, warmupCycles, alpha, lanes) : planned;
  return { ...base, quietRequests, smallestEffect: `mean output length ±${pct(lengthShiftPower(planned, warmupCycles, alpha))} (CV 0.5 assumed)` };
}

/** Rows for every (statistical canary, target) pair. */
export function powerRows(loaded: LoadedConfig): PowerRow[] {
  const { config } = loaded;
  const rows: PowerRow[] = [];
  // Only what is scheduled: a canary that cannot measure on a target is not run there.
  const applies = applicabilityOf(config, loaded.canaries.map((c) => c.canary));
  for (const { canary } of loaded.canaries) {
    const probe = STATISTICAL.find((p) => canary.probes.includes(p));
    if (!probe) continue;
    for (const target of canary.targets ?? config.targets) {
      if (!applies(target, canary)) continue;
      const provider = config.providers[parseTarget(target)?.provider ?? ''];
      if (!provider) continue;
      rows.push(rowFor(canary, probe, target, getProvider(provider.type).supports.logprobs, loaded, provider.maxConcurrency));
    }
  }
  return rows;
}

/**
 * Expected requests of a quiet cycle per (target, canary), from the power rows, for the daily load:
 * undefined for pairs without a row (they send what they plan).
 */
export function quietRequestsOf(rows: readonly PowerRow[]): (target: string, canary: Canary) => number | undefined {
  const byPair = new Map(rows.map((r) => [`${r.target}\u0000${r.canary}`, r.quietRequests]));
  return (target, canary) => byPair.get(`${target}\u0000${canary.id}`);
}

/** The table as text lines. */
export function powerTable(rows: readonly PowerRow[], alpha: number): string[] {
  if (rows.length === 0) return [];
  const header = ['target', 'canary', 'requests/quiet cycle', 'smallest effect, power 0.95, one cycle', '5% sticky swap (no logprobs)'];
  const body = rows.map((r) => [r.target, r.canary, `${r.quietRequests.toFixed(0)} of ${r.plannedRequests}`, r.smallestEffect, r.partialSwap ?? '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return ['', `Statistical power per canary and target (α = ${alpha} per cycle, before confirmation)`, line(header), ...body.map(line)];
}

/**
 * bench/real-model: for each weight swap behind the story model's name, the canary requests and
 * tokens tripline spends until a confirmed finding, next to what a naive text-diff comparator sees
 * (does the greedy text differ from the baseline text?). Prints a markdown table.
 *
 * Not part of `npm test`. Needs ../shared/models; after `npm run build`: `node dist/bench/real-model.js`.
 */
import { BASE_FILE, ensureServerInstalled, startModelServer, unavailableReason, type ModelServer, type ServerStats } from '../test/real-model/launch.js';
import { firstDifference, firstTokenTops, greedyText, logprobShift } from '../test/real-model/direct.js';
import { SWAPS, actionable, checkCycle, realModelWorkspace, recordBaseline, type CheckFinding, type Swap } from '../test/real-model/scenario.js';
import type { Workspace } from '../test/support/workspace.js';

/** Cycles after a swap before the bench calls it undetected. */
const MAX_CYCLES = 4;

interface Row {
  swap: Swap;
  /** Confirmed actionable finding kinds, or none. */
  kinds: string[];
  /** Cycles until the first confirmed finding (null: not within MAX_CYCLES). */
  cycles: number | null;
  requests: number;
  tokens: number;
  textDiffers: boolean;
  /** First differing character of the greedy text, when it differs. */
  firstDiff: number | null;
  /** First-token logprob movement on the story-logprobs prompts (LT statistic, largest |Δ|). */
  shift: { lt: number; max: number };
}

const spent = (after: ServerStats, before: ServerStats): { requests: number; tokens: number } => ({
  requests: after.requests - before.requests,
  tokens: after.promptTokens + after.completionTokens - before.promptTokens - before.completionTokens,
});

interface Reference {
  text: string;
  tops: Record<string, number>[];
}

async function measure(server: ModelServer, ws: Workspace, swap: Swap, ref: Reference): Promise<Row> {
  await server.swap(swap.file);
  const text = await greedyText(server);
  const shift = logprobShift(ref.tops, await firstTokenTops(server));
  const before = (await server.status()).stats;
  let found: CheckFinding[] = [];
  let cycles: number | null = null;
  for (let cycle = 1; cycle <= MAX_CYCLES && cycles === null; cycle++) {
    found = actionable((await checkCycle(ws)).findings);
    if (found.length > 0) cycles = cycle;
  }
  const cost = spent((await server.status()).stats, before);
  await server.swap(BASE_FILE);
  const clean = actionable((await checkCycle(ws)).findings);
  if (clean.length > 0) throw new Error(`findings after restoring ${BASE_FILE}: ${clean.map((f) => f.kind).join(', ')}`);
  const firstDiff = firstDifference(ref.text, text);
  return {
    swap,
    kinds: [...new Set(found.map((f) => f.kind))].sort(),
    cycles,
    ...cost,
    textDiffers: firstDiff !== null,
    firstDiff,
    shift,
  };
}

function table(rows: readonly Row[], baselineCost: { requests: number; tokens: number }): string {
  const lines = [
    '| swap behind `stories-260k` | first-token logprobs moved (LT / max abs Δ) | tripline finding | cycles to report | canary requests | tokens (in + out) | naive text diff of the greedy text |',
    '| --- | --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    const finding = r.kinds.length ? r.kinds.map((k) => `\`${k}\``).join(', ') : 'none';
    const cycles = r.cycles === null ? `not in ${MAX_CYCLES}` : String(r.cycles);
    const diff = r.textDiffers ? `differs (from char ${r.firstDiff})` : 'identical: sees nothing';
    const moved = `${r.shift.lt.toFixed(4)} / ${r.shift.max.toFixed(3)}`;
    lines.push(`| ${r.swap.label} | ${moved} | ${finding} | ${cycles} | ${r.requests} | ${r.tokens} | ${diff} |`);
  }
  lines.push('', `One-time baseline: ${baselineCost.requests} requests, ${baselineCost.tokens} tokens.`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const reason = unavailableReason();
  if (reason) {
    process.stdout.write(`bench/real-model skipped: ${reason}\n`);
    return;
  }
  const install = ensureServerInstalled();
  if (install.installed) process.stderr.write(`installed the server package in ${install.durationMs} ms\n`);
  const server = await startModelServer();
  try {
    const ws = realModelWorkspace(server);
    const start = (await server.status()).stats;
    await recordBaseline(ws);
    const baselineCost = spent((await server.status()).stats, start);
    const ref = { text: await greedyText(server), tops: await firstTokenTops(server) };
    const quiet = actionable((await checkCycle(ws)).findings);
    if (quiet.length > 0) throw new Error(`no-drift cycle reported: ${quiet.map((f) => f.kind).join(', ')}`);
    const rows: Row[] = [];
    for (const swap of SWAPS) rows.push(await measure(server, ws, swap, ref));
    process.stdout.write(`${table(rows, baselineCost)}\n`);
  } finally {
    await server.close();
  }
}

await main();

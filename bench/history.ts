/**
 * History growth benchmark: how much the state database grows per 1,000 pairs per day with the
 * dashboard's history (probe measurements kept, downsampled: raw runs 2 days, 3-hourly to 14
 * days, daily after). Simulates every run of every pair (default every 30 minutes, the default
 * schedule) for `days` days through the real history module and its maintenance, and reads the
 * database size each day.
 * Run: `npm run build && node dist/bench/history.js [pairs=1000] [days=16] [everyMinutes=30]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistory } from '../src/history/store.js';
import { openStateStore } from '../src/runtime/state/store.js';

const PAIRS = Number(process.argv[2] ?? 1000);
const DAYS = Number(process.argv[3] ?? 16);
const EVERY_MINUTES = Number(process.argv[4] ?? 30);
const RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tripline-bench-history-'));
  const store = await openStateStore(dir);
  const history = createHistory(store.db);
  const pragma = async (name: string): Promise<number> => Number(Object.values((await store.db.get(`PRAGMA ${name}`)) ?? {})[0]);
  const bytes = async (): Promise<number> => ((await pragma('page_count')) - (await pragma('freelist_count'))) * (await pragma('page_size'));
  const start = Date.parse('2026-01-01T00:00:00Z');
  const base = await bytes();
  const sizes: number[] = [];
  const t0 = performance.now();
  let seed = 1;
  const noise = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let day = 0; day < DAYS; day++) {
    {
      for (let at = start + day * DAY_MS; at < start + (day + 1) * DAY_MS; at += EVERY_MINUTES * 60_000) {
        for (let p = 0; p < PAIRS; p++) {
          await history.recordRun({
            target: `provider${p % 20}/model-${Math.floor(p / 5)}`,
            canary: `canary-${p % 5}`,
            startedAt: new Date(at + p * 50).toISOString(),
            result: 'ok',
            // What a typical canary measures: tokens, length, a reproducibility rate and their p-values.
            metrics: {
              'tokens.inputTokens': 14 + (p % 7),
              'length.medianOutputTokens': 120 + Math.round(noise() * 30),
              'length.meanOutputTokens': 121.3 + noise() * 30,
              'length.maxOutputTokens': 160 + Math.round(noise() * 40),
              'length.cappedRate': 0,
              'length.pMean': noise(),
              'length.pMannWhitney': noise(),
              'length.pCappedRate': 1,
              'reproducibility.pairwiseMatchRate': 0.8 + noise() * 0.2,
              'reproducibility.pValue': noise(),
            },
            headroom: 0.9 + noise() * 0.1,
            latencyMs: 300 + noise() * 200,
            findings: [],
          });
        }
      }
    }
    await history.maintain(start + (day + 1) * DAY_MS, RETENTION_DAYS);
    sizes.push((await bytes()) - base);
  }
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  rmSync(dir, { recursive: true, force: true });

  const mb = (b: number): string => (b / 1e6).toFixed(2);
  const per1000 = (b: number): number => (b * 1000) / PAIRS;
  const runsPerDay = (24 * 60) / EVERY_MINUTES;
  const lastGrowth = sizes.length > 1 ? sizes[sizes.length - 1]! - sizes[sizes.length - 2]! : sizes[0]!;
  const atEnd = sizes[sizes.length - 1]!;
  // Past 14 days every further day adds one daily point per pair: the steady growth until retention.
  const projected = atEnd + Math.max(0, RETENTION_DAYS - DAYS) * lastGrowth;
  process.stdout.write(
    [
      `${PAIRS} pairs, a run every ${EVERY_MINUTES} min (${runsPerDay} runs per pair per day), ${DAYS} simulated days in ${seconds.toFixed(1)} s.`,
      '',
      '| measure | per 1,000 pairs |',
      '|---|---|',
      `| state after day 1 (raw runs only) | ${mb(per1000(sizes[0]!))} MB |`,
      `| state after day ${DAYS} (raw 2 d, 3-hourly to 14 d, daily after) | ${mb(per1000(atEnd))} MB |`,
      `| growth per day once downsampled (day ${DAYS}) | ${mb(per1000(lastGrowth))} MB |`,
      `| projected at the ${RETENTION_DAYS}-day retention (the most it holds) | ${mb(per1000(projected))} MB |`,
      '',
    ].join('\n'),
  );
}

await main();

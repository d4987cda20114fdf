/** The benchmarked scenarios: which shipped canary and probe watch each, and how many trials. */
import type { ProbeId } from '../../src/config/canary-schema.js';
import type { ObservationKind } from './oracle-items.js';

export interface Job {
  /** Job id (the table's row label). */
  id: string;
  /** Simulator scenario id. */
  scenario: string;
  /** Shipped canary that watches for it. */
  canary: string;
  /** The canary's statistical probe. */
  probe: ProbeId;
  /** What the oracle scores per call. */
  observation: ObservationKind;
  /** Distinct models (baseline pools); trials and no-drift streams share their model's pool. */
  pools: number;
  trialsPerPool: number;
  /** Cycles a drift trial runs before it counts as not detected. */
  maxCycles: number;
  /** No-drift streams per pool and their length, for the false-alarm rate. */
  faStreamsPerPool: number;
  faCycles: number;
  /**
   * Extra no-drift cycles per pool through the lengths-only path (length probe only; validated
   * against the full path), so the alert rate of a heavy canary is measured, not extrapolated.
   */
  faLengthCycles?: number;
  /** Sticky partial traffic: trials run on models with at least one canary request on other weights. */
  exposure?: boolean;
  /** The canary reads logprobs: also compare with the oracle that reads them (oracle.ts). */
  logprobOracle?: boolean;
}

/**
 * Trial counts sized for ~40 minutes on 2 cores (two jobs at a time). Every canary gets 30,000
 * no-drift cycles: enough to bound its alert rate at 1e-4 directly (border-inputs' permutation
 * tests stop early on quiet cycles, which is what makes its 30,000 affordable).
 */
export const JOBS: Job[] = [
  { id: 'calibration-rescale', scenario: 'calibration-rescale', canary: 'calibration-mcq', probe: 'calibration', observation: 'greedyFirstToken', pools: 25, trialsPerPool: 4, maxCycles: 6, faStreamsPerPool: 2, faCycles: 300, logprobOracle: true },
  { id: 'partial-swap', scenario: 'partial-swap', canary: 'calibration-mcq', probe: 'calibration', observation: 'greedyFirstToken', pools: 25, trialsPerPool: 4, maxCycles: 6, faStreamsPerPool: 2, faCycles: 300, exposure: true, logprobOracle: true },
  { id: 'partial-swap (no logprobs)', scenario: 'partial-swap', canary: 'border-inputs', probe: 'behavior', observation: 'sampledFirstToken', pools: 24, trialsPerPool: 2, maxCycles: 36, faStreamsPerPool: 1, faCycles: 1250, exposure: true },
  { id: 'seed-lost', scenario: 'seed-lost', canary: 'reproducibility-seeded', probe: 'reproducibility', observation: 'divergence', pools: 50, trialsPerPool: 6, maxCycles: 6, faStreamsPerPool: 1, faCycles: 600 },
  { id: 'default-max-tokens-raised', scenario: 'default-max-tokens-raised', canary: 'length-implicit-cap', probe: 'length', observation: 'greedyLength', pools: 10, trialsPerPool: 6, maxCycles: 4, faStreamsPerPool: 2, faCycles: 1500 },
  { id: 'verbosity-shift', scenario: 'verbosity-shift', canary: 'length-verbosity', probe: 'length', observation: 'sampledLength', pools: 15, trialsPerPool: 10, maxCycles: 6, faStreamsPerPool: 1, faCycles: 8, faLengthCycles: 2000 },
  { id: 'model-repointed', scenario: 'model-repointed', canary: 'logprob-tracking', probe: 'logprobs', observation: 'greedyFirstToken', pools: 15, trialsPerPool: 2, maxCycles: 4, faStreamsPerPool: 1, faCycles: 2000, logprobOracle: true },
];

/** Reviewed baselines: one JSON file per target × canary under the snapshots folder. */
export { buildSnapshot, DEFAULT_MAX_SAMPLES, defaultMaxSamples, MAX_POOL_SAMPLES, POOL_CYCLES, fromSampleRecord, toSampleRecord, type BuildSnapshotInput } from './build.js';
export { canaryHash, canonicalJson, canonicalize, formatSnapshot } from './canonical-json.js';
export { listSnapshots, snapshotPath, type SnapshotEntry } from './paths.js';
export { SampleAnomaly, SampleRecord, Snapshot } from './schema.js';
export { readSnapshot, writeSnapshot } from './store.js';
export { readSideSnapshot, writeSideSnapshot, SideSnapshot, SIDE_FILE } from './side.js';
export { writeFileAtomic } from './store.js';

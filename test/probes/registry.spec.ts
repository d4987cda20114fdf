import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbeId } from '../../src/config/canary-schema.js';
import { getProbe, probes } from '../../src/probes/registry.js';

const folders = readdirSync(resolve('src/probes'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe('src/probes/registry', () => {
  it('registers exactly the probe folders', () => {
    expect(Object.keys(probes).sort()).toEqual(folders);
  });

  it.each(Object.entries(probes))('%s: id equals its key, is a known ProbeId and has a summary schema', (key, probe) => {
    expect(probe.id).toBe(key);
    expect(ProbeId.options).toContain(key);
    expect(typeof probe.summarize).toBe('function');
    expect(typeof probe.evaluate).toBe('function');
  });

  it('getProbe finds registered probes only', () => {
    expect(getProbe('shape')?.id).toBe('shape');
    expect(getProbe('toString')).toBeUndefined();
    expect(getProbe('nope')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { ProbeId } from '../../src/config/canary-schema.js';
import { getProbe, probes } from '../../src/probes/registry.js';
import { itIsARegistryOfFolders } from '../support/registry.js';

describe('src/probes/registry', () => {
  itIsARegistryOfFolders({ registry: probes, dir: 'src/probes' });

  it.each(Object.entries(probes))('%s: is a known ProbeId with summarize and evaluate', (key, probe) => {
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

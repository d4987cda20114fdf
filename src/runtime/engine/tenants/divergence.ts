import type { FindingDraft } from '../../../domain/finding.js';
import type { TenantTest } from './compare.js';

/** One peer as this member's run saw it. */
export interface PeerComparison {
  target: string;
  /** The tests that found this member's window unlike the peer's latest window (empty: alike). */
  tests: TenantTest[];
  /** The peer's own probes fired against its own baseline in the run that recorded that window. */
  ownFired: boolean;
  /** When the peer's window was measured (ISO). */
  at: string;
}

export interface DivergenceInput {
  group: string;
  target: string;
  canary: string;
  /** This member's own probes fired against its own baseline this cycle. */
  ownFired: boolean;
  peers: readonly PeerComparison[];
}

/**
 * Which member moved, and whether this member's run reports it (docs/statistics.md#tenants).
 * 1. The baseline history: this member fired against its own baseline and a diverging peer did
 *    not, so this member moved; the other way round the peer moved, and the peer's run reports it.
 * 2. Otherwise, with two or more peers compared: the member unlike most of the others moved (the
 *    odd one out of three); a member that agrees with most leaves the report to the odd one.
 * 3. Otherwise (two members, no history): the pair is reported once, by its lexicographically
 *    first member, naming both.
 * Every candidate is stamped on the reporting member's own target, so its streak, its alert and
 * its resolution belong to one (target, canary).
 */
export function divergenceDraft(input: DivergenceInput): FindingDraft | null {
  const diverging = input.peers.filter((p) => p.tests.length > 0);
  if (diverging.length === 0) return null;
  const peerMoved = (p: PeerComparison): boolean => p.ownFired && !input.ownFired;
  const byHistory = diverging.filter((p) => input.ownFired && !p.ownFired);
  if (byHistory.length > 0) return draft(input, input.target, byHistory);
  const open = diverging.filter((p) => !peerMoved(p));
  if (open.length === 0) return null;
  if (input.peers.length >= 2) return diverging.length > input.peers.length / 2 ? draft(input, input.target, open) : null;
  const mine = open.filter((p) => input.target < p.target);
  return mine.length > 0 ? draft(input, null, mine) : null;
}

function draft(input: DivergenceInput, moved: string | null, peers: readonly PeerComparison[]): FindingDraft {
  const names = peers.map((p) => p.target);
  const tests = peers.flatMap((p) => p.tests.map((t) => ({ peer: p.target, ...t })));
  const what = [...new Set(tests.map((t) => t.summary))].slice(0, 3).join('; ');
  const pValues = tests.flatMap((t) => (t.pValue === undefined ? [] : [t.pValue]));
  const evidence = {
    group: input.group,
    moved,
    peers: names,
    tests,
    peerWindowsAt: Object.fromEntries(peers.map((p) => [p.target, p.at])),
    ...(pValues.length > 0 ? { pValue: Math.min(...pValues) } : {}),
  };
  if (moved) {
    return {
      kind: 'identity.tenant_divergence',
      severity: 'warning',
      subject: input.group,
      summary: `${moved} moved away from sameAs group ${input.group}: on ${input.canary} it no longer answers like ${names.join(', ')} (${what}), and only ${moved} also differs from its own baseline`,
      evidence,
      action: `The model behind ${moved} (its key, organisation or region) is not the one ${names.join(', ')} get: ask the provider which deployment serves it, route traffic that needs the reviewed model to ${names[0] ?? 'the others'}, and if the difference is intended, take ${moved} out of the sameAs group (a new baseline does not make the members alike).`,
    };
  }
  return {
    kind: 'identity.tenant_divergence',
    severity: 'warning',
    subject: input.group,
    summary: `${input.target} and ${names.join(', ')} (sameAs group ${input.group}) no longer answer alike on ${input.canary} (${what}); the baseline history does not show which one moved`,
    evidence,
    action: `Send the same request through each of ${[input.target, ...names].join(', ')} and ask the provider which model each key, organisation or region is served; until then, results measured on one do not hold for the others. If the difference is intended, split the sameAs group.`,
  };
}

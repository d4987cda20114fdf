import { severityAtLeast, type Finding } from '../../domain/finding.js';
import { channelName } from '../channels/dispatch.js';
import { matches } from '../match.js';
import type { ChannelConfig } from '../schema.js';

/**
 * Names of the channels an alert about `finding` goes to: severity at least the channel's
 * `minSeverity` and its `match` rules satisfied. Info findings only ever reach console channels.
 */
export function routeChannels(finding: Finding, channels: readonly ChannelConfig[]): string[] {
  return channels
    .filter((c) => finding.severity !== 'info' || c.type === 'console')
    .filter((c) => severityAtLeast(finding.severity, c.minSeverity) && matches(c.match, finding))
    .map(channelName);
}

import { createHash } from 'node:crypto';

/**
 * The id of the `sequence`-th event of `type` for the alert `alertKey` (1 for its first opening,
 * 2 for the second time it opens after a resolve, and so on). Derived, not random: two copies of
 * tripline that see the same history (a mistake, see the README) raise the same ids, so a receiver
 * that dedups on the id sees each transition once. Shaped as a UUID (version 8, RFC 9562) so it
 * fits where the random ids did.
 */
export function alertEventId(alertKey: string, type: string, sequence: number): string {
  const hex = createHash('sha256').update(`${alertKey}\u0000${type}\u0000${sequence}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

import type { Sql } from '../../storage/index.js';
import { matches, type MatchSubject } from '../match.js';
import type { AlertsConfig } from '../schema.js';
import { activeSilences } from './silences.js';
import { maintenanceActive } from './maintenance.js';

/** Answers whether a silence or maintenance window holds an alert back right now. */
export interface Suppressor {
  /** Id of the silence (`config:0`, a CLI silence id) or window (`maintenance:<name>`), or undefined. */
  silencedBy(subject: MatchSubject): string | undefined;
}

/** Silences from tripline.yaml and from `tripline silence add`, and maintenance windows, at `nowMs`. */
export async function createSuppressor(db: Sql, alerts: AlertsConfig, nowMs: number): Promise<Suppressor> {
  const rules: { id: string; match: Parameters<typeof matches>[0] }[] = [];
  alerts.silences.forEach((s, i) => {
    if (Date.parse(s.until) > nowMs) rules.push({ id: `config:${i}`, match: s.match });
  });
  for (const s of await activeSilences(db, nowMs)) rules.push({ id: s.id, match: s.match });
  alerts.maintenance.forEach((w, i) => {
    if (maintenanceActive(w, nowMs)) rules.push({ id: `maintenance:${w.name ?? i}`, match: w.match });
  });
  return { silencedBy: (subject) => rules.find((r) => matches(r.match, subject))?.id };
}

import { parseDuration } from '../../../alerts/duration.js';
import { addSilence, removeSilence } from '../../../alerts/lifecycle/silences.js';
import type { Match } from '../../../alerts/schema.js';
import type { TriplineConfig } from '../../../config/schema.js';
import type { History } from '../../../history/store.js';
import type { PairStatus } from '../../pipeline/types.js';
import type { Sql } from '../../../storage/index.js';
import type { PageContext } from './context.js';
import { deprecationsPage } from './deprecations.js';
import { findingPage } from './finding.js';
import { html, page } from './html.js';
import { overviewPage } from './overview.js';
import { FORM_PATHS, PAGE_PATHS } from './paths.js';
import { pairPage, targetPage } from './pair.js';
import { silencesPage } from './silences.js';
import { DEFAULT_DAYS } from './timeline.js';

/** What the pages read; getters, so that a reloaded config or a new board is seen at once. */
export interface DashboardSources {
  db: () => Sql;
  config: () => TriplineConfig;
  pairs: () => readonly PairStatus[];
  history: History;
  now?: () => number;
}

/** A rendered answer: HTML with a status, or a redirect after a form post. */
export type PageResult = { status: number; body: string } | { redirect: string };

/** The dashboard's pages, independent of the HTTP server that serves them. */
export interface Dashboard {
  /** GET of a page path, or null when the path is not a page. */
  get(path: string, params: URLSearchParams, canWrite: boolean): Promise<PageResult | null>;
  /** A form post (silences); `canWrite` is decided by the server (token and same origin). */
  post(path: string, form: URLSearchParams, canWrite: boolean, author: string): Promise<PageResult | null>;
}

const notFound = (what: string): PageResult => ({ status: 404, body: page('Not found', html`<p class="empty">${what}</p>`) });

export function createDashboard(src: DashboardSources): Dashboard {
  const context = (canWrite: boolean): PageContext => ({
    db: src.db(),
    config: src.config(),
    pairs: src.pairs(),
    history: src.history,
    nowMs: (src.now ?? Date.now)(),
    canWrite,
  });
  const days = (params: URLSearchParams): number => {
    const n = Number(params.get('days') ?? DEFAULT_DAYS);
    return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : DEFAULT_DAYS;
  };
  const ok = (body: string | null, what: string): PageResult => (body === null ? notFound(what) : { status: 200, body });
  return {
    async get(path, params, canWrite) {
      if (!PAGE_PATHS.has(path)) return null;
      const ctx = context(canWrite);
      switch (path) {
        case '/':
          return ok(await overviewPage(ctx, Number(params.get('page') ?? 1) || 1), '');
        case '/target':
          return ok(await targetPage(ctx, params.get('target') ?? '', days(params)), 'No such target is configured.');
        case '/pair':
          return ok(await pairPage(ctx, params.get('target') ?? '', params.get('canary') ?? '', days(params)), 'No such target and canary pair is configured.');
        case '/finding':
          return ok(await findingPage(ctx, params.get('key') ?? ''), 'No finding with this key is recorded (it may be older than server.history.days).');
        case '/deprecations':
          return ok(await deprecationsPage(ctx), '');
        case '/silences':
          return ok(await silencesPage(ctx), '');
        default:
          return null;
      }
    },
    async post(path, form, canWrite, author) {
      if (!FORM_PATHS.has(path)) return null;
      const ctx = context(canWrite);
      if (!canWrite) return { status: 403, body: await silencesPage(ctx, 'Not allowed: sign in with the server token first.') };
      if (path === '/silences/expire') {
        await removeSilence(ctx.db, form.get('id') ?? '', ctx.nowMs, author);
        return { redirect: '/silences' };
      }
      const forMs = parseDuration(form.get('for') ?? '');
      const reason = (form.get('reason') ?? '').trim();
      const match: Match = {};
      const list = (name: string): string[] | undefined => {
        const v = (form.get(name) ?? '').trim();
        return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      };
      const targets = list('target');
      const canaries = list('canary');
      const kinds = list('kind');
      if (targets) match.targets = targets;
      if (canaries) match.canaries = canaries;
      if (kinds) match.kinds = kinds;
      if (forMs === null || !reason || Object.keys(match).length === 0) {
        return { status: 400, body: await silencesPage(ctx, 'A silence needs at least one of target, canary, kind; a duration like 2h; and a reason.') };
      }
      await addSilence(ctx.db, { match, forMs, reason, author, nowMs: ctx.nowMs });
      return { redirect: '/silences' };
    },
  };
}

import type { Dashboard, DashboardSources } from './index.js';
import { FORM_PATHS, PAGE_PATHS } from './paths.js';

/**
 * The dashboard, loaded on the first request for one of its pages: a daemon nobody looks at never
 * holds the page renderers in memory, and /healthz, /metrics and the API never load them.
 */
export function createLazyDashboard(src: DashboardSources): Dashboard {
  let loaded: Promise<Dashboard> | undefined;
  const dashboard = (): Promise<Dashboard> => (loaded ??= import('./index.js').then(({ createDashboard }) => createDashboard(src)));
  return {
    async get(path, params, canWrite) {
      return PAGE_PATHS.has(path) ? (await dashboard()).get(path, params, canWrite) : null;
    },
    async post(path, form, canWrite, author) {
      return FORM_PATHS.has(path) ? (await dashboard()).post(path, form, canWrite, author) : null;
    },
  };
}

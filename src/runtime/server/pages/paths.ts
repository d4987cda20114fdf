/** Paths the dashboard answers a GET on; every other path is the server's (API, metrics, probes). */
export const PAGE_PATHS: ReadonlySet<string> = new Set(['/', '/target', '/pair', '/finding', '/deprecations', '/silences']);

/** Paths the dashboard takes a form post on. */
export const FORM_PATHS: ReadonlySet<string> = new Set(['/silences', '/silences/expire']);

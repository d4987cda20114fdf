import { z } from 'zod';
import { json, parseJson } from '../http-io.js';
import { scenarios } from '../scenarios/index.js';
import type { Json } from '../scenarios/types.js';
import type { SimulatorState } from '../state.js';
import type { Route } from './types.js';

const OptionsBody = z.strictObject({
  hiddenSystemTokens: z.number().int().min(0).optional(),
  flakyRate: z.number().min(0).max(1).optional(),
  hangMs: z.number().int().min(0).optional(),
  swapFraction: z.number().min(0).max(1).optional(),
  seedLostDivergence: z.number().min(0).max(1).optional(),
  retirementTime: z.iso.datetime().optional(),
  tenant: z.string().optional(),
});

/** `POST /admin/scenario` body: one scenario or a list, and options. */
export const AdminScenarioBody = z.object({
  scenario: z.string().optional(),
  scenarios: z.array(z.string()).optional(),
  options: OptionsBody.optional(),
});

function describe(state: SimulatorState): Json {
  return {
    scenarios: state.scenarios,
    options: { ...state.options },
    available: scenarios.map((s) => ({ id: s.id, description: s.description })),
  };
}

/** Switch drift scenarios at run time: `GET /admin/scenario`, `POST /admin/scenario`. */
export const adminRoutes: Route[] = [
  { method: 'GET', pattern: /^\/admin\/scenario$/, handle: (ctx) => json(200, describe(ctx.state)) },
  {
    method: 'POST',
    pattern: /^\/admin\/scenario$/,
    handle: (ctx) => {
      const parsed = AdminScenarioBody.safeParse(parseJson(ctx.bodyText));
      if (!parsed.success) return json(400, { error: { message: parsed.error.issues.map((i) => i.message).join('; ') } });
      const { scenario, scenarios: list, options } = parsed.data;
      const ids = list ?? (scenario !== undefined ? [scenario] : ctx.state.scenarios);
      try {
        ctx.state.setScenarios(ids, options ?? {});
      } catch (err) {
        return json(400, { error: { message: err instanceof Error ? err.message : String(err) } });
      }
      return json(200, describe(ctx.state));
    },
  },
];

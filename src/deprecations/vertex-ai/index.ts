import { finishRows } from '../rows.js';
import { readShutdownTables } from '../shutdown-tables.js';
import type { DeprecationSource } from '../types.js';
import { VertexAiRow } from './schema.js';

const COLUMNS = {
  model: [/^model id$/, /^model$/],
  shutdown: [/retirement date/, /discontinuation date/, /shutdown date/],
  replacement: [/recommended upgrade/, /replacement/],
};

/**
 * Vertex AI "Model versions and lifecycle": tables "Model ID / Release date / Retirement date"
 * per model family, "Not before October 16, 2026" lower bounds, "No retirement date announced",
 * and a "Retired models" table with a recommended upgrade. The alias table is not lifecycle data.
 */
export const vertexAi: DeprecationSource = {
  id: 'vertex-ai',
  defaultUrl: 'https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions',
  providerTypes: ['gemini'],
  rowSchema: VertexAiRow,
  parse(page) {
    const { rows, tablesRead } = readShutdownTables(page.$, {
      provider: 'vertex-ai',
      columns: COLUMNS,
      section: { pattern: /retired/i, status: 'retired' },
    });
    if (tablesRead === 0) return { ok: false, reason: 'no table with "Model ID" and "Retirement date" columns' };
    return finishRows(rows, VertexAiRow, 'the model version tables');
  },
};

// Test support (not shipped): an OpenAI-compatible server over a real llama.cpp model, bound to
// 127.0.0.1. `node server.js --models DIR --file stories260K.gguf [--threads 1] [--port 0]` prints
// one JSON line {"port": N} once it listens. POST /admin/swap {"file": "..."} re-points the fixed
// model name at another GGUF file in DIR, as a provider silently re-points an identifier.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { createEngine } from './engine.js';
import { completionBody, parseChatRequest, renderPrompt } from './wire.js';

export const MODEL_NAME = 'stories-260k';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string' },
    file: { type: 'string', default: 'stories260K.gguf' },
    threads: { type: 'string', default: '1' },
    port: { type: 'string', default: '0' },
  },
});
if (!args.models) throw new Error('--models DIR is required');
const modelsDir = args.models;
const threads = Math.max(1, Number(args.threads));
const engine = await createEngine({ modelPath: join(modelsDir, args.file), threads });
const stats = { requests: 0, promptTokens: 0, completionTokens: 0 };
let nextId = 1;

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function error(res, status, message, code) {
  send(res, status, { error: { message, type: 'invalid_request_error', param: null, code } });
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

async function chat(req, res) {
  const body = await readJson(req);
  const parsed = parseChatRequest(body);
  if ('error' in parsed) return error(res, 400, parsed.error, null);
  if (parsed.model !== MODEL_NAME) return error(res, 404, `The model \`${parsed.model}\` does not exist`, 'model_not_found');
  const result = await engine.generate({ ...parsed, prompt: renderPrompt(parsed.messages) });
  stats.requests++;
  stats.promptTokens += result.promptTokens;
  stats.completionTokens += result.completionTokens;
  send(res, 200, completionBody({ id: `chatcmpl-${nextId++}`, model: MODEL_NAME, result, logprobs: parsed.logprobs }));
}

async function swap(req, res) {
  const body = await readJson(req);
  const file = typeof body?.file === 'string' ? body.file : '';
  // Only plain file names inside the models folder: no paths from the request.
  if (!file || basename(file) !== file || !existsSync(join(modelsDir, file))) {
    return error(res, 400, `no such model file in the models folder: ${file}`, null);
  }
  await engine.swap(join(modelsDir, file));
  send(res, 200, { model: MODEL_NAME, file });
}

const routes = {
  'POST /v1/chat/completions': chat,
  'GET /v1/models': (_req, res) =>
    send(res, 200, { object: 'list', data: [{ id: MODEL_NAME, object: 'model', created: 0, owned_by: 'tripline-test' }] }),
  'POST /admin/swap': swap,
  'GET /admin/status': (_req, res) => send(res, 200, { model: MODEL_NAME, file: basename(engine.file), stats }),
};

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
  const route = routes[`${req.method} ${path}`];
  if (!route) return error(res, 404, `no route ${req.method} ${path}`, null);
  Promise.resolve(route(req, res)).catch((err) => {
    if (!res.headersSent) error(res, 500, String(err?.message ?? err), null);
  });
});

server.listen(Number(args.port), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, file: args.file, threads })}\n`);
});

const stop = () => {
  server.close();
  engine.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

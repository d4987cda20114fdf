// The model behind the server: one llama.cpp model and context, swappable, with a generation loop
// that reads raw logits at every step (node-llama-cpp's `controlledEvaluate`).
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { createRng, logSoftmax, pickToken, topK } from './sampling.js';

/**
 * @param {{ modelPath: string, threads: number, contextSize?: number }} opts
 */
export async function createEngine(opts) {
  // Always pin threads: with the default count generation is ~1000x slower on a small shared box.
  const llama = await getLlama({ gpu: false, build: 'never', maxThreads: opts.threads, logLevel: LlamaLogLevel.error });
  let loaded = await load(llama, opts.modelPath, opts);
  let queue = Promise.resolve();

  /** Runs `fn` after every earlier request: one sequence, one request at a time. */
  const serial = (fn) => {
    const run = queue.then(fn, fn);
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  return {
    get file() {
      return loaded.path;
    },
    /** Loads another GGUF file and serves it from now on, under the same model name. */
    swap: (modelPath) =>
      serial(async () => {
        const next = await load(llama, modelPath, opts);
        const previous = loaded;
        loaded = next;
        await previous.context.dispose();
        await previous.model.dispose();
      }),
    /** @param {GenerateRequest} req */
    generate: (req) => serial(() => generate(loaded, req)),
    close: () =>
      serial(async () => {
        await loaded.context.dispose();
        await loaded.model.dispose();
        await llama.dispose();
      }),
  };
}

async function load(llama, modelPath, opts) {
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: opts.contextSize ?? 256, threads: opts.threads, sequences: 1 });
  return { path: modelPath, model, context, sequence: context.getSequence() };
}

/**
 * @typedef {{ prompt: string, maxTokens: number, temperature: number, topP: number, seed: number,
 *   topLogprobs: number }} GenerateRequest
 */

/** Tokens of a prompt as the model sees it: BOS, then the text. */
export function promptTokens(model, prompt) {
  const bos = model.tokens.bos;
  return [...(bos === null ? [] : [bos]), ...model.tokenize(prompt)];
}

/** @param {GenerateRequest} req */
async function generate({ model, sequence }, req) {
  await sequence.clearHistory();
  const prompt = promptTokens(model, req.prompt);
  const room = sequence.contextSize - prompt.length;
  const maxTokens = Math.max(0, Math.min(req.maxTokens, room));
  const rng = createRng(req.seed);
  const generated = [];
  const steps = [];
  let finishReason = 'length';
  let input = prompt.map((t, i) => (i === prompt.length - 1 ? [t, { generateNext: { logits: true } }] : t));
  for (let step = 0; step < maxTokens; step++) {
    const out = await sequence.controlledEvaluate(input);
    const logits = out[input.length - 1]?.next?.logits;
    if (!logits) throw new Error('llama.cpp returned no logits');
    const logprobs = logSoftmax(logits);
    const token = pickToken(logprobs, { temperature: req.temperature, topP: req.topP, rng });
    if (model.isEogToken(token)) {
      finishReason = 'stop';
      break;
    }
    const text = model.detokenize([token], false, [...prompt, ...generated]);
    steps.push({
      token: text,
      logprob: logprobs.get(token),
      top: topK(logprobs, req.topLogprobs).map(([t, lp]) => ({ token: model.detokenize([t], false, [...prompt, ...generated]), logprob: lp })),
    });
    generated.push(token);
    input = [[token, { generateNext: { logits: true } }]];
  }
  return {
    text: steps.map((s) => s.token).join(''),
    promptTokens: prompt.length,
    completionTokens: generated.length,
    finishReason,
    steps,
  };
}

import type { CanaryRunResult } from '../runtime/engine/types.js';

/** Progress of a long `check` or `baseline`, shown on stderr only when it is a terminal. */
export interface Progress {
  onProgress?: (done: number, total: number, run: CanaryRunResult) => void;
  /** Ends the progress line, if one was drawn. */
  end(): void;
}

export function terminalProgress(err: NodeJS.WritableStream): Progress {
  if (!('isTTY' in err) || err.isTTY !== true) return { end: () => undefined };
  let drawn = false;
  return {
    onProgress(done, total, run) {
      drawn = true;
      err.write(`\r\x1b[K[${done}/${total}] ${run.target} ${run.canary}: ${run.result}`);
    },
    end() {
      if (drawn) err.write('\r\x1b[K');
    },
  };
}

import { loadConfig } from '../config/load.js';
import { runDeprecations } from './deprecations.js';
import { reportError } from './session.js';

/** What the command line passes to `tripline deprecations`. */
export interface DeprecationsCliOptions {
  configPath: string;
  json: boolean;
  all: boolean;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

/** Loads the config (a problem is exit 2, located) and runs the deprecation watch once. */
export async function runDeprecationsCommand(opts: DeprecationsCliOptions): Promise<number> {
  let loaded;
  try {
    loaded = loadConfig(opts.configPath, opts.env ?? process.env);
  } catch (error) {
    return reportError(error, opts.err);
  }
  return runDeprecations({ loaded, json: opts.json, all: opts.all, out: opts.out, err: opts.err });
}

/**
 * Preload for bench/daemon.ts (`--expose-gc --import`): a full garbage collection on SIGUSR2, then
 * the live heap on stderr, so the bench can tell growth from the garbage V8 has not collected yet.
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stderr.write(`bench-gc heapUsed=${process.memoryUsage().heapUsed}\n`);
});

/**
 * Preload for bench/daemon.ts (`--expose-gc --import`): a full garbage collection on SIGUSR2, so the
 * bench can read RSS without the garbage V8 has not collected yet and tell growth from heap slack.
 */
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
});

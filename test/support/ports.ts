import { createServer } from 'node:net';

/**
 * Ports the kernel never hands out on its own: below Linux's default ephemeral range
 * (32768–60999). A port found free by listening on port 0 lies inside that range, and between the
 * check and the daemon's own bind any outgoing connection of a parallel test may take it (a
 * dashboard spec once failed with EADDRINUSE that way). Here only another explicit bind can.
 */
const LOW = 20_000;
const HIGH = 32_000;

/** Whether 127.0.0.1:port can be bound right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A loopback port, outside the ephemeral range, for a process that must be told its port in advance. */
export async function freeListenPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} after 50 tries`);
}

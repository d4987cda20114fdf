import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What went through the proxy: answers per status, and requests the client gave up on. */
export interface ProxyCounts {
  statuses: Record<number, number>;
  abandoned: number;
}

export interface CountingProxy {
  url: string;
  counts: ProxyCounts;
  close(): Promise<void>;
}

/**
 * A loopback pass-through proxy in front of `target` (e.g. the simulator) that counts response
 * statuses and requests abandoned by the client (its timeout fired before the answer), so that a
 * test can show the failures it claims to survive really happened.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const counts: ProxyCounts = { statuses: {}, abandoned: 0 };
  const server: Server = createServer((req, res) => {
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const status = answer.statusCode ?? 0;
        counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
        res.writeHead(status, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) {
        counts.abandoned += 1;
        out.destroy();
      }
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

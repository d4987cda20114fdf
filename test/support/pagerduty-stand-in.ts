import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A PagerDuty Events API v2 stand-in on 127.0.0.1: records event bodies, answers 202. */
export interface PagerDutyStandIn {
  /** For `apiUrl:`. */
  apiUrl: string;
  events: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startPagerDutyStandIn(): Promise<PagerDutyStandIn> {
  const events: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      events.push(body);
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: body['dedup_key'] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/v2/enqueue`,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

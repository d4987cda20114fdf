import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One received webhook, with the outcome of signature verification. */
export interface WebhookDelivery {
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
  /** Signature valid and timestamp within the replay window. */
  verified: boolean;
}

export interface WebhookReceiver {
  url: string;
  deliveries: WebhookDelivery[];
  /** Answer with this status (default 200). */
  respondWith(status: number): void;
  /** While on, deliveries are recorded but left unanswered (a receiver that has not replied yet); off answers the held ones. */
  holdResponses(hold: boolean): void;
  close(): Promise<void>;
}

/** Verifies as the channel README tells receivers to: HMAC over `<ts>.<raw body>`, 300 s window. */
export function verifySignature(raw: string, headers: IncomingHttpHeaders, secret: string, nowSeconds: number): boolean {
  const ts = Number(headers['x-tripline-timestamp']);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > 300) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex')}`;
  const got = String(headers['x-tripline-signature'] ?? '');
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

/** A webhook receiver on 127.0.0.1 that checks the signature of every delivery. */
export async function startWebhookReceiver(secret: string, nowSeconds: () => number = () => Date.now() / 1000): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  let status = 200;
  let hold = false;
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ headers: req.headers, raw, body: JSON.parse(raw), verified: verifySignature(raw, req.headers, secret, nowSeconds()) });
      if (hold) held.push(res);
      else res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    respondWith: (s) => {
      status = s;
    },
    holdResponses: (on) => {
      hold = on;
      if (!on) for (const res of held.splice(0)) if (!res.destroyed) res.writeHead(status).end();
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the receiver answers: a status code, the same after a delay, or never (a catalog that hangs). */
export type Answer = number | { readonly status: number; readonly delayMs: number } | 'hang';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/** A local HTTP server standing in for a lineage catalog; every request is recorded, whatever the answer. */
export async function lineageReceiver(answer: (request: number) => Answer = () => 201): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const reply = answer(received.length);
      if (reply === 'hang') return;
      const [status, delayMs] = typeof reply === 'number' ? [reply, 0] : [reply.status, reply.delayMs];
      setTimeout(() => res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}'), delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  base: string;
  seen: SeenRequest[];
}

type Reply = { status?: number; type?: string; body: string };

/** A real HTTP server on 127.0.0.1 for one test; `reply` answers each request; closed after the test. */
export function useApiServer(): (reply: (req: SeenRequest) => Reply) => Promise<TestServer> {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  });
  return async (reply) => {
    const seen: SeenRequest[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        seen.push(r);
        const out = reply(r);
        res.writeHead(out.status ?? 200, { 'content-type': out.type ?? 'application/json' });
        res.end(out.body);
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  };
}

// NODE_EXTRA_CA_CERTS in worker processes: deferred past start-up, yet trusted by fetch and https
// in a node, against a real HTTPS server whose certificate only the test CA signs.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParallelRunner } from '../../src-main/engine/runner/parallel-runner';
import { runBasic } from '../runner/helpers';

const TLS = join(__dirname, '..', 'fixtures', 'tls');
const CA = join(TLS, 'ca.pem');

let server: Server;
let url: string;
const saved = process.env.NODE_EXTRA_CA_CERTS;

beforeAll(async () => {
  server = createServer(
    { key: readFileSync(join(TLS, 'server.key')), cert: readFileSync(join(TLS, 'server.pem')) },
    (_req, res) => res.end('hello over tls'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = saved;
  await new Promise((resolve) => server.close(resolve));
});

async function probeIn(extraCaCerts: string | undefined): Promise<Record<string, unknown>> {
  if (extraCaCerts === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = extraCaCerts;
  const ran = await runBasic(new ParallelRunner({ maxWorkers: 1 }), 'https', { url });
  expect(ran.error).toBeUndefined();
  return ran.result!.seen as Record<string, unknown>;
}

describe('NODE_EXTRA_CA_CERTS in worker processes', () => {
  it('is not parsed at worker start-up, yet fetch and https.get in a node trust its CA', async () => {
    const seen = await probeIn(CA);
    expect(seen.pid).not.toBe(process.pid);
    expect(seen.viaFetch).toBe('hello over tls');
    expect(seen.viaHttps).toBe('hello over tls');
    expect(seen.startedWith).toBeNull();
    // Processes the node starts inherit the variable as the user set it.
    expect(seen.extraCaCerts).toBe(CA);
  });

  it('without it, the same server is refused (the CA is what makes the difference)', async () => {
    const seen = await probeIn(undefined);
    expect(seen.viaHttps).toMatch(/^error: .*(self[- ]signed|unable to (get|verify)|certificate)/i);
    expect(seen.viaFetch).toMatch(/^error: .*(self[- ]signed|unable to (get|verify)|certificate)/i);
    expect(seen.extraCaCerts).toBeNull();
  });

  it('an unreadable file is a warning, as in Node, and the run goes on', async () => {
    const seen = await probeIn(join(TLS, 'missing.pem'));
    expect(seen.viaHttps).toMatch(/^error: /);
  });
});

// Node 20 reads and parses NODE_EXTRA_CA_CERTS when a process starts, before any code runs: a large
// part of every worker process's start-up (bench/README.md, "Where a cold worker's time goes").
// Worker processes get the file under another name instead, and add its certificates to TLS
// contexts made without an explicit `ca` (as Node does), on first use. Worker threads share their
// process's store.
import { readFileSync } from 'node:fs';

export const DEFERRED_CA_ENV = 'PIPEWRIGHT_DEFERRED_EXTRA_CA_CERTS';

/** The environment for a worker process, with NODE_EXTRA_CA_CERTS deferred. */
export function deferExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return env;
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = env;
  return { ...rest, [DEFERRED_CA_ENV]: file };
}

type CreateSecureContext = typeof import('node:tls').createSecureContext;
interface NativeContext {
  addCACert(pem: string): void;
}

/** In a worker process: gives TLS the deferred certificates, and processes it starts the variable. */
export function applyDeferredExtraCaCerts(): void {
  const file = process.env[DEFERRED_CA_ENV];
  if (!file) return;
  delete process.env[DEFERRED_CA_ENV];
  process.env.NODE_EXTRA_CA_CERTS = file;
  const tls = require('node:tls') as typeof import('node:tls');
  const original: CreateSecureContext = tls.createSecureContext;
  let pem: string | null | undefined;
  const extraCerts = (): string | null => {
    if (pem !== undefined) return pem;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      pem = null;
      process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(err as Error).message}`);
    }
    return pem;
  };
  tls.createSecureContext = function createSecureContext(options) {
    const context = original(options);
    const certs = options?.ca === undefined ? extraCerts() : null;
    if (certs) (context.context as NativeContext).addCACert(certs);
    return context;
  };
}

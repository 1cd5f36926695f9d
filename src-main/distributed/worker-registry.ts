// Who is connected: each worker keeps a short-lived key with what it is (host, pid, project hash)
// and whether it is busy; `pipewright workers` lists the keys that have not expired.
import type Redis from 'ioredis';
import { PREFIX } from './queue-names';

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  project: string;
  projectHash: string;
  concurrency: number;
  active: number;
  startedAt: number;
}

const KEY = `${PREFIX}:worker:`;
const BEAT_MS = 3000;
const TTL_S = 10;

/**
 * Writes the worker's key now and every few seconds; `beat()` writes it soon (a chain of short
 * jobs writes it once, not twice per job); `stop()` removes it.
 */
export function announce(client: Redis, info: () => WorkerInfo): { beat(): void; stop(): Promise<void> } {
  const write = () => {
    const i = info();
    void client.set(KEY + i.id, JSON.stringify(i), 'EX', TTL_S).catch(() => undefined);
  };
  write();
  const timer = setInterval(write, BEAT_MS);
  timer.unref();
  let soon: NodeJS.Timeout | undefined;
  return {
    beat: () => {
      soon ??= setTimeout(() => {
        soon = undefined;
        write();
      }, 100);
    },
    stop: async () => {
      clearInterval(timer);
      clearTimeout(soon);
      await client.del(KEY + info().id).catch(() => undefined);
    },
  };
}

export async function listWorkers(client: Redis): Promise<WorkerInfo[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await client.scan(cursor, 'MATCH', `${KEY}*`, 'COUNT', 500);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (!keys.length) return [];
  const values = await client.mget(...keys);
  return values
    .filter((v): v is string => typeof v === 'string')
    .map((v) => JSON.parse(v) as WorkerInfo)
    .sort((a, b) => a.host.localeCompare(b.host) || a.pid - b.pid);
}

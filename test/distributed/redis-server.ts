// A Redis server of the test's own, on a unix socket in a temporary folder (no port to clash),
// stopped by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { waitFor } from '../wait-for';

export interface TestRedis {
  url: string;
  socket: string;
  /** A client for the test's own checks. */
  client(): Redis;
  stop(): Promise<void>;
  /** Stops the server and starts a new, empty one on the same socket. */
  restart(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-redis-'));
  const socket = join(dir, 'redis.sock');
  let server: ChildProcess | undefined;
  const clients: Redis[] = [];

  const launch = async () => {
    server = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { cwd: dir, stdio: 'ignore' },
    );
    await waitFor('redis-server to listen', () => existsSync(socket), 10_000);
  };
  const halt = async () => {
    const s = server;
    if (!s || s.exitCode !== null) return;
    const exited = new Promise((r) => s.once('exit', r));
    process.kill(s.pid!, 'SIGTERM');
    await exited;
  };
  await launch();
  return {
    url: `unix://${socket}`,
    socket,
    client() {
      const c = new Redis({ path: socket, maxRetriesPerRequest: null });
      c.on('error', () => undefined);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await halt();
      await launch();
    },
  };
}

import type { Command } from 'commander';
import { parseQueueUrl, shownUrl } from '../../distributed/queue-url';
import { listWorkers } from '../../distributed/worker-registry';
import { EXIT, type CliIO } from '../cli-io';

export function registerWorkersCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('workers')
    .description('list the workers connected to a queue: host, pid, project hash, busy or idle')
    .requiredOption('--queue <url>', 'the queue: redis://host:port or unix:///path/redis.sock')
    .option('--json', 'print the list as JSON')
    .action(async (flags: { queue: string; json?: boolean }) => setExit(await workersCommand(flags, io)));
}

export async function workersCommand(flags: { queue: string; json?: boolean }, io: CliIO): Promise<number> {
  parseQueueUrl(flags.queue);
  const { redisClient } = await import('../../distributed/bullmq-queue');
  const client = redisClient(flags.queue, { lazy: true });
  client.on('error', () => undefined);
  try {
    const reached = await Promise.race([
      client.connect().then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 5000).unref()),
    ]).catch(() => false);
    if (!reached) {
      io.stderr.write(`Error: cannot reach the queue at ${shownUrl(flags.queue)}.\n`);
      return EXIT.usage;
    }
    const workers = await listWorkers(client);
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(workers, null, 2)}\n`);
      return EXIT.ok;
    }
    if (!workers.length) {
      io.stdout.write(`No worker is connected to ${shownUrl(flags.queue)}.\n`);
      return EXIT.ok;
    }
    const rows = [
      ['HOST', 'PID', 'PROJECT HASH', 'STATE', 'PROJECT'],
      ...workers.map((w) => [
        w.host,
        String(w.pid),
        w.projectHash,
        w.active ? `busy (${w.active}/${w.concurrency})` : 'idle',
        w.project,
      ]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows)
      io.stdout.write(`${r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join('  ')}\n`);
    return EXIT.ok;
  } finally {
    client.disconnect();
  }
}

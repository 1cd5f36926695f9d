import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ObjectStore, readStoreConfig } from '../../store';
import type { CliIO } from '../cli-io';
import { historyOf } from '../history-bridge';

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

export function registerGcCommand(program: Command, io: CliIO): void {
  program
    .command('gc')
    .description(
      'trim the store of past outputs (.pipewright/objects) to its budget, oldest first, and drop what no run refers to',
    )
    .option('--project <dir>', 'the project folder (default: the current directory)')
    .action((flags: { project?: string }) => {
      const root = resolve(io.cwd, flags.project ?? '.');
      const store = new ObjectStore(root, readStoreConfig(root));
      const referenced = historyOf(root).fingerprints.referencedHashes();
      const { removed, keptBytes } = store.gc((hash) => referenced.has(hash));
      const freed = removed.reduce((a, o) => a + o.bytes, 0);
      io.stdout.write(
        `Removed ${removed.length} object(s), ${mb(freed)}; the store keeps ${mb(keptBytes)} of its ${mb(store.config.maxBytes)} budget.\n`,
      );
    });
}

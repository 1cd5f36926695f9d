import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../services/usage-error';
import type { CliIO } from '../cli-io';

/** `pipewright serve [--project DIR] [--port N]`: the app in a browser. Resolves when stopped (Ctrl+C). */
export function registerServeCommand(program: Command, io: CliIO, options: { until?: Promise<void> } = {}): void {
  program
    .command('serve')
    .description('serve the app to a browser on 127.0.0.1; the first line printed is the URL to open')
    .option('--project <dir>', 'the project to open (default: the current directory, if it is a project)')
    .option('--port <n>', 'the port (default: 0, a free one)', '0')
    .action(async (flags: { project?: string; port: string }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port must be a number from 0 to 65535, not '${flags.port}'.`);
      // Without --project, the current directory opens only if it looks like a project; else the welcome screen.
      const projectRoot = flags.project
        ? resolve(io.cwd, flags.project)
        : existsSync(join(io.cwd, 'conf'))
          ? io.cwd
          : undefined;
      // Loaded here, not with the CLI: other commands never need the server and the app's services, which are slow to load.
      const { serve } = await import('../../server/serve');
      const handle = await serve({ projectRoot, port, dataDir: io.env.PIPEWRIGHT_DATA_DIR });
      // The first line is the contract with whoever started us (tests, scripts): the URL alone.
      io.stdout.write(`${handle.url}\n`);
      if (!handle.rendererBuilt)
        io.stderr.write(
          'The app is not built yet: run `npm run build`, then reload the page. The API works meanwhile.\n',
        );
      io.stderr.write('Serving on 127.0.0.1 only. Press Ctrl+C to stop.\n');
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void handle.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        // Tests stop the server without sending the process a signal.
        void options.until?.then(stop);
      });
    });
}

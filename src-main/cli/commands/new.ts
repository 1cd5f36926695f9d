import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { createProject, starterNames } from '../../project/new-project';
import type { CliIO } from '../cli-io';

export function registerNewCommand(program: Command, io: CliIO): void {
  program
    .command('new')
    .description('create a project folder NAME, as `kedro new`')
    .argument('<name>', "the project's folder: letters, digits, spaces, '_' and '-'")
    .option(
      '--starter <name>',
      `start from an example project (${starterNames()
        .filter((n) => n !== 'default')
        .join(', ')})`,
    )
    .action((name: string, flags: { starter?: string }) => {
      const root = createProject({ parent: io.cwd, name, starter: flags.starter });
      const shown = relative(io.cwd, root) || '.';
      const typed = existsSync(join(root, '.pipewright', 'types', 'pipewright.d.ts'));
      io.stdout.write(
        [
          `Created ${root}${flags.starter ? ` from the '${flags.starter}' starter` : ''}.`,
          '',
          'Next:',
          `  cd ${/\s/.test(shown) ? `'${shown}'` : shown}`,
          '  pipewright run',
          '  pipewright list',
          typed
            ? ''
            : "\nWarning: the type declarations of 'pipewright' are not built (node scripts/build-types.mjs in Pipewright's folder); editors will not resolve the import until the next run after that.",
          '',
        ].join('\n'),
      );
    });
}

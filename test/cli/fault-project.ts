// A three-node project (first → work → last) whose middle node misbehaves as `params:mode` says:
// busy (computes forever), exit (process.exit(0)), hang (a promise that never settles), oom.
import { tempDir } from '../history/helpers';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FILES: Record<string, string> = {
  'conf/base/parameters.yml': 'mode: ok\n',
  'conf/base/catalog.yml': 'z:\n  type: JSONDataset\n  filepath: data/z.json\n',
  'conf/local/.keep': '',
  'data/.keep': '',
  'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';

function first(mode: string) {
  return mode.length;
}

function work(x: number, mode: string) {
  if (mode === 'busy') for (;;);
  if (mode === 'exit') process.exit(0);
  if (mode === 'hang') return new Promise(() => undefined);
  if (mode === 'oom') {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(100_000).fill(Math.random()));
  }
  return x + 1;
}

function last(y: number) {
  return y * 2;
}

export function registerPipelines() {
  return {
    __default__: pipeline([
      node(first, 'params:mode', 'x', { name: 'first' }),
      node(work, ['x', 'params:mode'], 'y', { name: 'work' }),
      node(last, 'y', 'z', { name: 'last' }),
    ]),
  };
}
`,
  // A project runner: runs nodes in the CLI's own process, as the library's SequentialRunner does.
  'src/runner.ts': `import { SequentialRunner } from 'pipewright';

export class InlineRunner extends SequentialRunner {}
`,
};

export function faultProject(): string {
  const dir = tempDir('pw-faults-');
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

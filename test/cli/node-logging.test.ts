// Logging from node code (the Logger of 'pipewright' and console.*) and from a project's own
// runner, seen as a user sees it: a real `./bin/pipewright run --json` process on every runner,
// its stdout, its stderr and the run history read from SQLite afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import { openHistory } from '../../src-main/history';
import { pipewright, removeDir, writeProject } from './cli-helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function project(): string {
  const dir = writeProject({
    'conf/base/catalog.yml': 'out:\n  type: JSONDataset\n  filepath: data/out.json\n',
    'conf/base/parameters.yml': 'x: 1\n',
    'src/pipeline_registry.ts': `import { Logger, getLogger, node, pipeline } from 'pipewright';

const log = new Logger('project.nodes');
console.log('registry: loaded'); // outside any node: printed, but never into --json's stdout

function first(x: number) {
  console.log('first: console.log %d', x);
  log.info('first: logger info');
  console.error('first: console.error');
  return x + 1;
}

async function second(y: number) {
  console.warn('second: console.warn before await');
  await new Promise((r) => setTimeout(r, 5));
  getLogger('project.second').warning('second: logger warning after await');
  console.log({ second: y });
  return y * 2;
}

export function registerPipelines() {
  return {
    __default__: pipeline([
      node(first, 'params:x', 'y', { name: 'first' }),
      node(second, 'y', 'out', { name: 'second' }),
    ]),
  };
}
`,
    'src/runner.ts': `import { Logger, SequentialRunner } from 'pipewright';

const own = new Logger('project.chatty_runner');

export class ChattyRunner extends SequentialRunner {
  protected async _run(...args: Parameters<SequentialRunner['_run']>): Promise<void> {
    console.log('runner: starting my way');
    own.info('runner: logger line');
    await super._run(...args);
    console.log('runner: all done');
  }
}
`,
  });
  dirs.push(dir);
  return dir;
}

/** What each node writes, in order: [node, level, logger, message]. */
const NODE_LINES = [
  ['first', 'info', 'console', 'first: console.log 1'],
  ['first', 'info', 'project.nodes', 'first: logger info'],
  ['first', 'error', 'console', 'first: console.error'],
  ['second', 'warning', 'console', 'second: console.warn before await'],
  ['second', 'warning', 'project.second', 'second: logger warning after await'],
  ['second', 'info', 'console', '{ second: 2 }'],
];

const CASES: Array<[string, string[]]> = [
  ['SequentialRunner', []],
  ['SequentialRunner', ['--async']],
  ['ThreadRunner', []],
  ['ThreadRunner', ['--async']],
  ['ParallelRunner', []],
  ['ParallelRunner', ['--async']],
  ['src/runner.ts#ChattyRunner', []],
];

describe("node code's log lines reach the run's log", () => {
  it.each(CASES)(
    '%s %s: in order, tagged with the node, in stderr and the history; stdout is only the JSON',
    async (runner, extra) => {
      const dir = project();
      const result = await pipewright(['run', '--project', dir, '--runner', runner, ...extra, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const doc = JSON.parse(result.stdout); // nothing printed by a node on stdout
      expect(doc.status).toBe('success');

      const history = openHistory(dir);
      let logs;
      try {
        logs = history.getRun(doc.runId)!.logs;
      } finally {
        history.close();
      }
      const fromCode = logs.filter((l) => /^(first|second|runner): /.test(l.message) || l.message.startsWith('{'));
      const expected = NODE_LINES.map(([node, level, logger, message]) => ({ node, level, logger, message }));
      const nodeLines = fromCode
        .filter((l) => l.node)
        .map(({ node, level, logger, message }) => ({ node, level, logger, message }));
      expect(nodeLines).toEqual(expected);

      // Each line sits between its node's "Running node" and its first save, as the node ran.
      const at = (text: string) => logs.findIndex((l) => l.message.startsWith(text));
      expect(at('first: console.log')).toBeGreaterThan(at('Running node: first'));
      expect(at('first: console.error')).toBeLessThan(at('Saving data to y'));
      expect(at('second: console.warn')).toBeGreaterThan(at('Running node: second'));
      expect(at('{ second: 2 }')).toBeLessThan(at('Saving data to out'));

      // stderr shows the same lines, in the same order, as log lines (not raw prints).
      let from = 0;
      for (const { logger, level, message } of expected) {
        const line = ` - ${logger} - ${level.toUpperCase()} - ${message}`;
        const found = result.stderr.indexOf(line, from);
        expect(found, `stderr lacks, or has out of order: ${line}\n${result.stderr}`).toBeGreaterThanOrEqual(0);
        from = found + line.length;
      }
      expect(result.stderr).not.toMatch(/^first: console\.log/m);

      if (runner.includes('ChattyRunner')) {
        const own = fromCode.filter((l) => l.message.startsWith('runner: '));
        expect(own.map((l) => [l.logger, l.message, l.node ?? null])).toEqual([
          ['console', 'runner: starting my way', null],
          ['project.chatty_runner', 'runner: logger line', null],
          ['console', 'runner: all done', null],
        ]);
        expect(at('runner: starting my way')).toBeLessThan(at('Running node: first'));
        expect(at('runner: all done')).toBeGreaterThan(at('Saving data to out'));
        expect(result.stderr).toContain(' - console - INFO - runner: all done');
      }
    },
    60_000,
  );
});

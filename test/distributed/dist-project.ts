// The project the distributed tests run: pipelines whose nodes leave traces in data/ (who ran them,
// how often), so that a test can see what ran where.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../history/helpers';

const FILES: Record<string, string> = {
  'conf/base/parameters.yml': 'x: 3\nwork_ms: 300\n',
  'conf/base/catalog.yml': `result:
  type: JSONDataset
  filepath: data/result.json
shared:
  type: MemoryDataset
rows_a:
  type: SQLTableDataset
  filepath: data/db.sqlite
  table_name: a
rows_b:
  type: SQLTableDataset
  filepath: data/db.sqlite
  table_name: b
`,
  'conf/local/.keep': '',
  'data/.keep': '',
  'src/traces.ts': `import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DATA = join(__dirname, '..', 'data');

/** Records that a node ran here (one line per try: node and pid). */
export function trace(node: string): number {
  appendFileSync(join(DATA, 'trace.log'), node + ' ' + process.pid + '\\n');
  return readFileSync(join(DATA, 'trace.log'), 'utf8').split('\\n').filter((l) => l.startsWith(node + ' ')).length;
}

export function flag(name: string): boolean {
  return existsSync(join(DATA, name));
}

export function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}
`,
  'src/pipeline_registry.ts': `import { node, pipeline } from 'pipewright';
import { busyFor, flag, trace } from './traces';

const top = (x: number) => (trace('top'), x + 1);
const left = (a: number, ms: number) => (trace('left'), busyFor(ms), a * 2);
const right = (a: number, ms: number) => (trace('right'), busyFor(ms), a * 3);
const bottom = (l: number, r: number) => (trace('bottom'), { sum: l + r });

function flaky(x: number) {
  if (trace('flaky') === 1) throw new Error('flaky failed on its first try');
  return x * 10;
}

function fragile(a: number) {
  trace('fragile');
  if (!flag('fixed')) throw new Error('fragile is not fixed yet');
  return { fixed: a };
}

function slow(a: number) {
  trace('slow');
  busyFor(flag('short') ? 10 : 6000);
  return a;
}

/** Runs until the test writes data/release (at most a minute). */
function hold(a: number) {
  trace('hold');
  const until = Date.now() + 60000;
  while (!flag('release') && Date.now() < until) busyFor(20);
  return a;
}

export function registerPipelines() {
  const diamond = pipeline([
    node(top, 'params:x', 'a', { name: 'top' }),
    node(left, ['a', 'params:work_ms'], 'l', { name: 'left' }),
    node(right, ['a', 'params:work_ms'], 'r', { name: 'right' }),
    node(bottom, ['l', 'r'], 'result', { name: 'bottom' }),
  ]);
  return {
    __default__: diamond,
    retry: pipeline([
      node(top, 'params:x', 'a', { name: 'top' }),
      node(flaky, 'a', 'f', { name: 'flaky', tags: ['retryable'] }),
    ]),
    fragile: pipeline([
      node(top, 'params:x', 'a', { name: 'top' }),
      node(fragile, 'a', 'result', { name: 'fragile' }),
    ]),
    slow: pipeline([
      node(top, 'params:x', 'a', { name: 'top' }),
      node(slow, 'a', 's', { name: 'slow' }),
      node(bottom, ['s', 's'], 'result', { name: 'bottom' }),
    ]),
    held: pipeline([
      node(top, 'params:x', 'a', { name: 'top' }),
      node(hold, 'a', 'h', { name: 'hold' }),
      node(bottom, ['h', 'h'], 'result', { name: 'bottom' }),
    ]),
    memory: pipeline([
      node(top, 'params:x', 'shared', { name: 'top' }),
      node(left, ['shared', 'params:work_ms'], 'l', { name: 'left' }),
      node(right, ['l', 'params:work_ms'], 'r', { name: 'right' }),
    ]),
    sqlite: pipeline([
      node(top, 'params:x', 'a', { name: 'top' }),
      node((a: number) => [{ a }], 'a', 'rows_a', { name: 'write_a' }),
      node((a: number) => [{ b: a }], 'a', 'rows_b', { name: 'write_b' }),
    ]),
    // --group-by memory puts split and join together, and check between them: a cycle of groups.
    cyclic: pipeline([
      node((x: number) => [x, x], 'params:x', ['shared', 'a'], { name: 'split' }),
      node((a: number) => a, 'a', 'c', { name: 'check' }),
      node((s: number, c: number) => s + c, ['shared', 'c'], 'j', { name: 'join' }),
    ]),
    spaces: pipeline([
      node(top, 'params:x', 'a', { name: 'top', namespace: 'prep' }),
      node(left, ['a', 'params:work_ms'], 'l', { name: 'left', namespace: 'prep' }),
      node(right, ['l', 'params:work_ms'], 'r', { name: 'right', namespace: 'model' }),
    ]),
  };
}
`,
};

export function distProject(): string {
  const dir = tempDir('pw-dist-');
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Who ran what: one [node, pid] per try, in order. */
export function traces(project: string): Array<[string, number]> {
  let text: string;
  try {
    text = readFileSync(join(project, 'data', 'trace.log'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [node, pid] = l.split(' ');
      return [node, Number(pid)];
    });
}

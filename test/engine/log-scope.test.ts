// Log lines written by node code (console.* and Logger) belong to the node that wrote them, also
// when nodes of one process overlap (two async nodes in flight at once) and after their awaits.
import { describe, expect, it } from 'vitest';
import type { LogEvent, RunEvent } from '../../src-shared/run-events';
import {
  AbstractRunner,
  DataCatalog,
  Logger,
  MemoryDataset,
  node,
  pipeline,
  type Pipeline,
} from '../../src-main/engine';
import type { RunContext } from '../../src-main/engine/runner/run-context';

class TwoAtOnceRunner extends AbstractRunner {
  protected _run(p: Pipeline, catalog: DataCatalog, ctx: RunContext): Promise<void> {
    return this.schedule(p, catalog, ctx, this.inProcessExecutor(2));
  }
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = new Logger('test.nodes');

async function talk(name: string, first: number, second: number) {
  console.log(`${name} before`);
  await tick(first);
  log.info(`${name} middle`);
  await tick(second);
  console.warn(`${name} after`);
  return name;
}

describe('log scopes', () => {
  it.each([
    ['one node at a time', 1],
    ['two nodes in flight at once', 2],
  ])('%s: every line carries the node that wrote it', async (_label, capacity) => {
    const p = pipeline([
      node((_x: number) => talk('a', 5, 30), 'x', 'ya', { name: 'a' }),
      node((_x: number) => talk('b', 20, 1), 'x', 'yb', { name: 'b' }),
    ]);
    const events: RunEvent[] = [];
    const runner =
      capacity === 2
        ? new TwoAtOnceRunner()
        : new (class extends TwoAtOnceRunner {
            protected _run(q: Pipeline, c: DataCatalog, ctx: RunContext) {
              return this.schedule(q, c, ctx, this.inProcessExecutor(1));
            }
          })();
    await runner.run(p, new DataCatalog({ x: new MemoryDataset({ data: 1 }) }), { onEvent: (e) => events.push(e) });
    const lines = events.filter((e): e is LogEvent => e.type === 'log' && /^(a|b) /.test(e.message));
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l.node, l.message).toBe(l.message[0]);
    if (capacity === 2) {
      // They did overlap: b started before a ended.
      const order = lines.map((l) => l.message);
      expect(order.indexOf('b before')).toBeLessThan(order.indexOf('a after'));
    }
  });
});

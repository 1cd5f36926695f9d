import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DistributedRunner } from '../../src-main/distributed/distributed-runner';
import { DataCatalog } from '../../src-main/engine/catalog/data-catalog';
import { Pipeline } from '../../src-main/engine/pipeline';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('DistributedRunner with nothing to run', () => {
  it('returns without reaching for a queue that is not there', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pw-dist-empty-'));
    dirs.push(root);
    // Port 1 on localhost: nothing listens there, so any attempt to reach the queue would fail the run.
    const runner = new DistributedRunner({ queue: 'redis://127.0.0.1:1' });
    const out = await runner.run(new Pipeline([]), new DataCatalog(), {
      project: { root },
    });
    expect(out).toEqual({});
  });
});

// A node whose data is all in memory or parameters has its fingerprint put on its node-end event
// (written with the node's row); one that reads or writes a file is fingerprinted at the run's end,
// once the file's hash is in. Both ways give the same fingerprint.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeFingerprintEvent, NodeFingerprintParts, RunEvent } from '../../src-shared/run-events';
import { DataCatalog } from '../../src-main/engine/catalog/data-catalog';
import { MemoryDataset } from '../../src-main/engine/catalog/memory-dataset';
import { pipeline } from '../../src-main/engine/modular-pipeline';
import { node } from '../../src-main/engine/node';
import { SequentialRunner } from '../../src-main/engine/runner/sequential-runner';
import { CSVDataset } from '../../src-main/datasets/csv-dataset';
import { staticFingerprints } from '../../src-main/fingerprint';
import { RunFingerprints } from '../../src-main/fingerprint/run-fingerprints';
import { removeDir } from '../cli/cli-helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const double = (rows: Array<{ n: number }>) => rows.map((r) => ({ n: r.n * 2 }));
const count = (rows: unknown[]) => rows.length;
const rowsOf = (x: number) => [{ n: x }, { n: x + 1 }];

/**
 * params:x → a → m1 → b → table.csv → c → m2 → d → m3, and m1 → e → m4: a and e touch only memory
 * and parameters; d does too, but its input's producer read a file.
 */
async function fingerprintedRun() {
  const root = mkdtempSync(join(tmpdir(), 'pw-fp-end-'));
  dirs.push(root);
  const catalog = new DataCatalog({
    'params:x': new MemoryDataset({ data: 3 }),
    table: new CSVDataset({ filepath: join(root, 'table.csv') }),
  });
  const p = pipeline([
    node(rowsOf, 'params:x', 'm1', { name: 'a' }),
    node(double, 'm1', 'table', { name: 'b' }),
    node(double, 'table', 'm2', { name: 'c' }),
    node(count, 'm2', 'm3', { name: 'd' }),
    node(count, 'm1', 'm4', { name: 'e' }),
  ]);
  const fixed = await staticFingerprints(root, p, catalog);
  const events: RunEvent[] = [];
  const fps = new RunFingerprints(root, p, catalog, fixed);
  await new SequentialRunner().run(p, catalog, {
    onEvent: (e) => {
      fps.onEvent(e);
      events.push(structuredClone(e));
    },
  });
  const annotated = { events, atEnd: await fps.finish() };
  // The same events given to a new one at once, before its hasher is set: every node waits for finish().
  const again = new RunFingerprints(root, p, catalog, fixed);
  for (const e of events) {
    if (e.type === 'node-end') again.onEvent({ ...e, fingerprint: undefined, fingerprintParts: undefined });
    else again.onEvent(e);
  }
  return { annotated, deferred: { events: [], atEnd: await again.finish() } };
}

type Recorded = { events: RunEvent[]; atEnd: Awaited<ReturnType<RunFingerprints['finish']>> };

/** node → its fingerprint and parts, from its node-end event or a node-fingerprint event. */
function nodeFingerprints(r: Recorded) {
  const out: Record<string, { fingerprint: string; parts: NodeFingerprintParts }> = {};
  for (const e of r.events)
    if (e.type === 'node-end' && e.fingerprint)
      out[e.node] = { fingerprint: e.fingerprint, parts: e.fingerprintParts! };
  for (const e of r.atEnd)
    if (e.type === 'node-fingerprint') out[e.node] = { fingerprint: e.fingerprint, parts: e.parts };
  return out;
}

const atEndNodes = (r: Recorded) =>
  r.atEnd.filter((e): e is NodeFingerprintEvent => e.type === 'node-fingerprint').map((e) => e.node);

describe('node fingerprints of a run', () => {
  it('come with the node-end of memory-only nodes and at the end for the others, the same either way', async () => {
    const { annotated, deferred } = await fingerprintedRun();
    const onEnd = annotated.events.filter((e) => e.type === 'node-end' && e.fingerprint);
    expect(onEnd.map((e) => (e as { node: string }).node).sort()).toEqual(['a', 'e']);
    expect(atEndNodes(annotated).sort()).toEqual(['b', 'c', 'd']);
    expect(atEndNodes(deferred).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const fps = nodeFingerprints(annotated);
    expect(fps).toEqual(nodeFingerprints(deferred));
    expect(fps.e.parts.inputs.m1).toBe(`from:${fps.a.fingerprint}:m1`);
    expect(fps.d.parts.inputs.m2).toBe(`from:${fps.c.fingerprint}:m2`);
  });
});

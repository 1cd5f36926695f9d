// A node whose data is all in memory or parameters has its fingerprint put on its node-end event
// (written with the node's row); one that reads or writes a file is fingerprinted at the run's end,
// once the file's hash is in. Both ways give the same fingerprint.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import xxhash from 'xxhash-wasm';
import type { NodeFingerprintEvent, NodeFingerprintParts, RunEvent } from '../../src-shared/run-events';
import { DataCatalog } from '../../src-main/engine/catalog/data-catalog';
import { MemoryDataset } from '../../src-main/engine/catalog/memory-dataset';
import { pipeline } from '../../src-main/engine/modular-pipeline';
import { node } from '../../src-main/engine/node';
import { SequentialRunner } from '../../src-main/engine/runner/sequential-runner';
import { CSVDataset } from '../../src-main/datasets/csv-dataset';
import { hashParts, staticFingerprints } from '../../src-main/fingerprint';
import { combineParts } from '../../src-main/fingerprint/node-fingerprint';
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
  const annotated = await runRecorded(root, p, catalog, fixed);
  const { events } = annotated;
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

/** The hash scheme the history's fingerprints were recorded with: xxHash64 of the parts, each length-prefixed, in order. */
async function recordedScheme(parts: NodeFingerprintParts): Promise<string> {
  const h = (await xxhash()).create64();
  const sorted = (r: Record<string, string>) =>
    Object.keys(r)
      .sort()
      .flatMap((k) => [k, r[k]]);
  for (const p of [parts.code, 'params', ...sorted(parts.params), 'inputs', ...sorted(parts.inputs)])
    h.update(`${p.length}:${p}`);
  return h.digest().toString(16).padStart(16, '0');
}

describe('node fingerprints across versions', () => {
  it('are the hash of their parts as the history recorded them before, so a --changed run still compares', async () => {
    const { annotated } = await fingerprintedRun();
    const fps = nodeFingerprints(annotated);
    expect(Object.keys(fps).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const { fingerprint, parts } of Object.values(fps)) expect(fingerprint).toBe(await recordedScheme(parts));
    // Two parameters and two inputs: the order of the parts does not depend on the node's.
    const parts = { code: 'c0de', params: { 'params:b': '1', 'params:a': '2' }, inputs: { z: 'from:x:z', y: 'y1' } };
    expect(await combineParts(parts)).toBe(await recordedScheme(parts));
    expect(await hashParts(['ab', 'c'])).not.toBe(await hashParts(['a', 'bc']));
  });

  it('hash a function shared by many nodes once, and carry no code files for a function outside project modules', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pw-fp-shared-'));
    dirs.push(root);
    const identity = (x: unknown) => x;
    const p = pipeline(
      Array.from({ length: 5 }, (_, i) => node(identity, i ? `d${i}` : 'params:x', `d${i + 1}`, { name: `n${i}` })),
    );
    const catalog = new DataCatalog({ 'params:x': new MemoryDataset({ data: 1 }) });
    const fixed = await staticFingerprints(root, p, catalog);
    expect(new Set(fixed.code.values()).size).toBe(1);
    expect(fixed.code.size).toBe(5);
    const { events } = await runRecorded(root, p, catalog, fixed);
    const ends = events.filter((e) => e.type === 'node-end');
    expect(ends.map((e) => e.fingerprint && e.fingerprintParts && !('codeFiles' in e.fingerprintParts))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});

/** Runs `p` with SequentialRunner, fingerprinting nodes as they end: the events as sent, and what was left for the end. */
async function runRecorded(
  root: string,
  p: Parameters<typeof staticFingerprints>[1],
  catalog: DataCatalog,
  fixed: Awaited<ReturnType<typeof staticFingerprints>>,
) {
  const events: RunEvent[] = [];
  const fps = new RunFingerprints(root, p, catalog, fixed);
  await new SequentialRunner().run(p, catalog, {
    onEvent: (e) => {
      fps.onEvent(e);
      events.push(structuredClone(e));
    },
  });
  return { events, atEnd: await fps.finish() };
}

// Fingerprints are compared with those in users' histories: however they are computed, their values
// stay those earlier versions recorded, and a node-end's fingerprint is the one a --changed plan
// computes for the same node and inputs (nodeParts, combineParts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeEndEvent, NodeFingerprintParts } from '../../src-shared/run-events';
import { DataCatalog } from '../../src-main/engine/catalog/data-catalog';
import { MemoryDataset } from '../../src-main/engine/catalog/memory-dataset';
import { pipeline } from '../../src-main/engine/modular-pipeline';
import { node } from '../../src-main/engine/node';
import { SequentialRunner } from '../../src-main/engine/runner/sequential-runner';
import { staticFingerprints } from '../../src-main/fingerprint';
import { combineParts, memoryFingerprint, nodeParts } from '../../src-main/fingerprint/node-fingerprint';
import { RunFingerprints } from '../../src-main/fingerprint/run-fingerprints';
import { removeDir } from '../cli/cli-helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('fingerprint values', () => {
  it('are those earlier versions recorded for the same parts', async () => {
    // Values written by the version before the node-end path was rewritten (460f5ca).
    const recorded: Array<[NodeFingerprintParts, string]> = [
      [{ code: '71b69444c4aec520', params: {}, inputs: {} }, 'cf2e763e3291265a'],
      [{ code: '71b69444c4aec520', params: {}, inputs: { d1: 'from:acc72b17134f45b5:d1' } }, '889206fbf0336331'],
      [
        {
          code: 'c0de',
          codeFiles: { 'src/a.ts': '1', 'src/b.ts': '2' },
          params: { 'params:b': '1', 'params:a': '2', parameters: '3' },
          inputs: { z: 'from:x:z', y: 'y1', 'é@x': 'opaque:é@x', '10': 'n', '9': 'm' },
        },
        '759e7a4280d6e774',
      ],
    ];
    for (const [parts, fingerprint] of recorded) expect(await combineParts(parts)).toBe(fingerprint);
  });

  it('on node-end are what a plan computes for the node, parts in the same order', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pw-fp-values-'));
    dirs.push(root);
    const sum = (...xs: unknown[]) => xs.length;
    const catalog = new DataCatalog({
      'params:a': new MemoryDataset({ data: { y: 1, x: [2, 3] } }),
      'params:b': new MemoryDataset({ data: 'b' }),
      free: new MemoryDataset({ data: 1 }),
      kept: new MemoryDataset({ data: 2 }),
    });
    const p = pipeline([
      node(sum, ['params:b', 'params:a'], 'm1', { name: 'a' }),
      node(sum, ['m1', 'free', 'kept', 'params:a'], 'm2', { name: 'b' }),
      node(sum, ['m2', 'm1'], 'm3', { name: 'c' }),
    ]);
    const fixed = await staticFingerprints(root, p, catalog);
    // `kept` as the output of a node a --changed plan skipped.
    const skipped = new Map([['kept', 'f00d']]);
    const fps = new RunFingerprints(root, p, catalog, fixed, undefined, skipped);
    const ends: NodeEndEvent[] = [];
    await new SequentialRunner().run(p, catalog, {
      onEvent: (e) => {
        fps.onEvent(e);
        if (e.type === 'node-end') ends.push(e);
      },
    });
    expect(await fps.finish()).toEqual([]);
    const byNode = new Map(ends.map((e) => [e.node, e.fingerprint!]));
    const expected = (name: string) => {
      const producer = p.producerOf(name);
      if (producer) return memoryFingerprint(byNode.get(producer.name)!, name);
      return skipped.has(name) ? memoryFingerprint(skipped.get(name)!, name) : `opaque:${name}`;
    };
    expect(ends.map((e) => e.node)).toEqual(['a', 'b', 'c']);
    for (const e of ends) {
      const parts = nodeParts(p.node(e.node)!, fixed, expected);
      expect(JSON.stringify(e.fingerprintParts)).toBe(JSON.stringify(parts));
      expect(e.fingerprint).toBe(await combineParts(parts));
    }
    // As the history stores them: keys in the node's order.
    expect(JSON.stringify(ends[1].fingerprintParts)).toBe(
      JSON.stringify({
        code: fixed.code.get('b'),
        params: { 'params:a': fixed.params.get('params:a') },
        inputs: { m1: `from:${byNode.get('a')}:m1`, free: 'opaque:free', kept: 'from:f00d:kept' },
      }),
    );
  });
});

// The graph layout thread's entry: lays out one graph per message, so that a 10,000-node layout
// never holds up the thread that answers the app.
import { parentPort } from 'node:worker_threads';
import { computeLayout, type LayoutInput } from '../../src-shared/graph-layout/layout-core';
import { packLayout } from '../../src-shared/graph-layout/layout-pack';

parentPort?.on('message', ({ id, input }: { id: number; input: LayoutInput }) => {
  try {
    const packed = packLayout(input, computeLayout(input));
    parentPort!.postMessage({ id, ok: true, xy: packed.xy, edges: packed.edges }, [packed.xy.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id, ok: false, message: (err as Error).message });
  }
});

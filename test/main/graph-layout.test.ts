import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../../src-shared/api-types';
import type { Reply } from '../../src-shared/api-transport';
import { computeLayout } from '../../src-shared/graph-layout/layout-core';
import { LAYOUTS_DIR } from '../../src-main/services/graph-layout-cache';
import { firstViewLayoutInput } from '../../src-main/services/graph-layout-input';
import { createServices } from '../../src-main/services/create-services';
import { dispatch } from '../../src-main/services/dispatch';
import { generateWideGraph } from '../../bench/graph-fixture.mjs';
import { tempProject } from './helpers';
import { layoutHosts } from './layout-hosts';

const { root, service } = layoutHosts('pw-layout-');

/** The positions the page would compute for the graph's first view, by node id. */
function expected(graph: PipelineGraph): Record<string, { x: number; y: number }> {
  return computeLayout(firstViewLayoutInput(graph).input).nodes;
}
function positionsOf(graph: PipelineGraph): Record<string, { x: number; y: number }> {
  const xy = graph.layout!.xy;
  return Object.fromEntries(graph.nodes.map((n, i) => [n.id, { x: xy[2 * i], y: xy[2 * i + 1] }]));
}

describe('the host lays graphs out', () => {
  it('on its own thread: a wide 3,000-node graph gets the positions the page would compute, cached under .pipewright/layouts', async () => {
    const graph = generateWideGraph({ functions: 1000 }) as PipelineGraph;
    const dir = root();
    const host = service();
    const out = await host.attach(dir, graph);
    await host.written();
    expect(out.layout?.xy).toHaveLength(graph.nodes.length * 2);
    expect(positionsOf(out)).toEqual(expected(graph));
    expect(readdirSync(join(dir, LAYOUTS_DIR))).toEqual([`${out.layout!.key}.json`]);

    // A host whose thread cannot start still answers from the cache.
    const again = await service(join(dir, 'no-such-worker.js')).attach(dir, graph);
    expect(again.layout).toEqual(out.layout);
  });

  it('lays a small namespaced graph out with its groups and edge bends, the same as the page', async () => {
    const graph: PipelineGraph = {
      pipeline: '__default__',
      nodes: [
        { id: 'ds:a', kind: 'dataset', name: 'a', label: 'a', tags: [], namespace: null },
        { id: 'fn:p.f', kind: 'function', name: 'p.f', label: 'f', tags: [], namespace: 'p' },
        { id: 'fn:q.f', kind: 'function', name: 'q.f', label: 'f', tags: [], namespace: 'q' },
        { id: 'ds:b', kind: 'dataset', name: 'b', label: 'b', tags: [], namespace: null },
      ],
      edges: [
        { id: 'ds:a->fn:p.f', source: 'ds:a', target: 'fn:p.f' },
        { id: 'ds:a->fn:q.f', source: 'ds:a', target: 'fn:q.f' },
        { id: 'fn:p.f->ds:b', source: 'fn:p.f', target: 'ds:b' },
        { id: 'fn:q.f->ds:b', source: 'fn:q.f', target: 'ds:b' },
      ],
      tags: [],
      namespaces: ['p', 'q'],
      hasPositions: false,
    };
    const out = await service().attach(root(), graph);
    const page = computeLayout(firstViewLayoutInput(graph).input);
    expect(positionsOf(out)).toEqual(page.nodes);
    expect(out.layout!.edges).toEqual(page.edges);
  });

  it('leaves a graph whose pipeline file places its nodes as it is, and a graph it cannot lay out without a layout', async () => {
    const placed = generateWideGraph({ functions: 2 }) as PipelineGraph;
    placed.nodes.forEach((n, i) => (n.position = { x: i, y: i }));
    placed.hasPositions = true;
    expect((await service().attach(root(), placed)).layout).toBeUndefined();

    const dir = root();
    const graph = generateWideGraph({ functions: 2 }) as PipelineGraph;
    const failing = await service(join(dir, 'no-such-worker.js')).attach(dir, graph);
    expect(failing).toEqual(graph);
    expect(existsSync(join(dir, LAYOUTS_DIR))).toBe(false);
  });

  it('ignores a cache file that does not match its graph', async () => {
    const graph = generateWideGraph({ functions: 20 }) as PipelineGraph;
    const dir = root();
    const { key } = firstViewLayoutInput(graph);
    const file = join(dir, LAYOUTS_DIR, `${key}.json`);
    const host = service();
    const first = await host.attach(dir, graph);
    await host.written();
    writeFileSync(file, JSON.stringify({ key, xy: [1, 2], edges: {} }));
    expect((await service().attach(dir, graph)).layout).toEqual(first.layout);
  });

  it("sends the layout with the app's pipelines.graph reply", async () => {
    const project = tempProject();
    const services = createServices({ dataDir: project.dataDir });
    try {
      await dispatch(services.handlers, 'app.info', {});
      await dispatch(services.handlers, 'project.open', { root: project.root });
      const reply = (await dispatch(services.handlers, 'pipelines.graph', {})) as Reply<PipelineGraph>;
      if (!reply.ok) throw new Error(reply.error.message);
      expect(positionsOf(reply.value)).toEqual(expected(reply.value));
      await expect
        .poll(() => existsSync(join(project.root, LAYOUTS_DIR, `${reply.value.layout!.key}.json`)))
        .toBe(true);
    } finally {
      await services.close();
      project.cleanup();
    }
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../../src-shared/api-types';
import type { Reply } from '../../src-shared/api-transport';
import { LAYOUTS_DIR } from '../../src-main/services/graph-layout-cache';
import { firstViewLayoutInput } from '../../src-main/services/graph-layout-input';
import { createServices } from '../../src-main/services/create-services';
import { dispatch } from '../../src-main/services/dispatch';
import { generateWideGraph } from '../../bench/graph-fixture.mjs';
import { tempProject } from './helpers';
import { layoutHosts } from './layout-hosts';

const { root, service } = layoutHosts('pw-layout-recent-');
const wide = (functions: number) => generateWideGraph({ functions }) as PipelineGraph;

describe('the host keeps its last layouts in memory', () => {
  it('answers the same graph again without reading its cache file', async () => {
    const graph = wide(30);
    const dir = root();
    const host = service();
    const first = await host.attach(dir, graph);
    await host.written();
    // The file now says otherwise (same key and size): a host that read it again would send this.
    const file = join(dir, LAYOUTS_DIR, `${first.layout!.key}.json`);
    const changed = { ...first.layout!, xy: first.layout!.xy.map((v) => v + 1) };
    writeFileSync(file, JSON.stringify(changed));

    expect((await host.attach(dir, wide(30))).layout).toEqual(first.layout);
    // Another host (an app started again) has only the file.
    expect((await service().attach(dir, wide(30))).layout).toEqual(changed);
  });

  it('takes the layout key from memory while the graph comes from the same loaded project, and builds it for another', async () => {
    const dir = root();
    const host = service();
    const project = {};
    const first = await host.attach(dir, wide(30), project);
    // Same project object, same pipeline: described again, the graph is the same, so its key is not rebuilt
    // (a label changed here in place shows it: the layout sent is the one kept).
    const again = wide(30);
    again.nodes[1] = { ...again.nodes[1]!, label: 'a much longer label than before' };
    expect((await host.attach(dir, again, project)).layout).toBe(first.layout);
    // A project loaded again is another object: its graph is keyed from its content.
    const reloaded = await host.attach(dir, again, {});
    expect(reloaded.layout!.key).toBe(firstViewLayoutInput(again).key);
    expect(reloaded.layout!.key).not.toBe(first.layout!.key);
    // A graph of another size is never taken for the kept one.
    const bigger = await host.attach(dir, wide(31), project);
    expect(bigger.layout!.xy).toHaveLength(bigger.nodes.length * 2);
  });
});

describe('closing the services', () => {
  it('resolves once the layout cache file is in the project, so the project can be removed at once', async () => {
    const project = tempProject();
    const services = createServices({ dataDir: project.dataDir });
    try {
      await dispatch(services.handlers, 'project.open', { root: project.root });
      const reply = (await dispatch(services.handlers, 'pipelines.graph', {})) as Reply<PipelineGraph>;
      if (!reply.ok) throw new Error(reply.error.message);
      await services.close();
      const file = join(project.root, LAYOUTS_DIR, `${reply.value.layout!.key}.json`);
      expect(existsSync(file)).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(reply.value.layout);
    } finally {
      project.cleanup();
    }
  });
});

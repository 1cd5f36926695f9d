import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../../src-shared/api-types';
import type { Reply } from '../../src-shared/api-transport';
import { LAYOUTS_DIR } from '../../src-main/services/graph-layout-cache';
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

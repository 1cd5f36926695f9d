import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ImageDataset,
  PlotlyDataset,
  PlotlyJSONDataset,
  VegaLiteDataset,
  lookupBuiltInType,
} from '../../src-main/datasets';
import { loadProject } from '../../src-main/project';
import { previewValue } from '../../src-main/services/preview-value';
import { writeProject } from '../project/project-helpers';
import { listFiles, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const V1 = '2024-01-01T00.00.00.000Z';
const ctx = { dataset: 'chart', source: 'current' as const };
const page = { offset: 0, limit: 10 };
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="teal"/></svg>';

const figure = { data: [{ type: 'bar', x: ['a', 'b'], y: [3, 5] }], layout: { title: { text: 'Fleet' } } };
const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  data: { values: [{ a: 1 }] },
  mark: 'bar',
  encoding: { x: { field: 'a' } },
};

describe('plot datasets', () => {
  it('plotly.JSONDataset keeps a figure as a JSON file, versioned like JSONDataset', async () => {
    const root = tempDir();
    await new PlotlyJSONDataset({
      filepath: 'data/08_reporting/fleet.json',
      root,
      versioned: true,
      version: { save: V1 },
    }).save(figure);
    const file = join(root, 'data/08_reporting/fleet.json', V1, 'fleet.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(figure);
    const latest = new PlotlyJSONDataset({ filepath: 'data/08_reporting/fleet.json', root, versioned: true });
    expect(await latest.load()).toEqual(figure);
    expect(latest.versions()).toEqual([V1]);
    expect(latest.describe()).toEqual({
      filepath: 'data/08_reporting/fleet.json',
      save_args: { indent: 2 },
      version: { load: null, save: null },
    });
  });

  it('refuses a value that is not a figure or a Vega-Lite spec, writing nothing', async () => {
    const root = tempDir();
    await expect(new PlotlyDataset({ filepath: 'p.json', root }).save([1, 2] as never)).rejects.toThrow(
      'Failed to save to p.json: PlotlyDataset saves a Plotly figure { data: [traces], layout }, got an array',
    );
    await expect(new PlotlyJSONDataset({ filepath: 'p.json', root }).save({ layout: {} } as never)).rejects.toThrow(
      'got an object with keys layout',
    );
    await expect(
      new VegaLiteDataset({ filepath: 'v.json', root }).save({
        $schema: 'https://vega.github.io/schema/vega/v5.json',
        marks: [],
      }),
    ).rejects.toThrow(
      'Failed to save to v.json: VegaLiteDataset saves a Vega-Lite spec; its $schema is "https://vega.github.io/schema/vega/v5.json"',
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it('vega.VegaLiteDataset keeps a spec; a spec and a figure preview as JSON trees', async () => {
    const root = tempDir();
    const ds = new VegaLiteDataset({ filepath: 'spec.vl.json', root });
    await ds.save(spec);
    expect(await ds.load()).toEqual(spec);
    expect(previewValue(await ds.load(), ctx, page)).toMatchObject({ kind: 'json', value: spec });
    expect(previewValue(figure, ctx, page)).toMatchObject({ kind: 'json' });
  });
});

describe('pillow.ImageDataset', () => {
  it('saves PNG bytes atomically and loads them back as a Buffer that previews as an image', async () => {
    const root = tempDir();
    const ds = new ImageDataset({ filepath: 'data/plots/dot.png', root });
    await ds.save(new Uint8Array(PNG));
    expect(readFileSync(join(root, 'data/plots/dot.png')).equals(PNG)).toBe(true);
    expect(listFiles(root)).toEqual(['data/plots/dot.png']);
    const loaded = await ds.load();
    expect(Buffer.isBuffer(loaded) && loaded.equals(PNG)).toBe(true);
    expect(previewValue(loaded, ctx, page)).toMatchObject({
      kind: 'image',
      mime: 'image/png',
      dataUrl: `data:image/png;base64,${PNG.toString('base64')}`,
    });
    expect(ds.ioInfo('save')).toMatchObject({ size: PNG.byteLength });
  });

  it('saves an SVG string; an SVG string previews as an image', async () => {
    const root = tempDir();
    const ds = new ImageDataset({ filepath: 'chart.svg', root });
    await ds.save(SVG);
    expect(readFileSync(join(root, 'chart.svg'), 'utf8')).toBe(SVG);
    expect((await ds.load()).toString()).toBe(SVG);
    expect(previewValue(SVG, ctx, page)).toMatchObject({ kind: 'image', mime: 'image/svg+xml' });
    expect(previewValue('<b>not svg</b>', ctx, page)).toMatchObject({ kind: 'text' });
  });

  it('refuses bytes that are no image, or not the kind the file name says, writing nothing', async () => {
    const root = tempDir();
    await expect(new ImageDataset({ filepath: 'a.png', root }).save(Buffer.from('hello'))).rejects.toThrow(
      'Failed to save to a.png: ImageDataset saves PNG, JPEG, GIF, WebP or SVG data; these 5 bytes are none of them',
    );
    await expect(new ImageDataset({ filepath: 'a.png', root }).save(SVG)).rejects.toThrow(
      'the data is image/svg+xml but the file name a.png says image/png',
    );
    await expect(new ImageDataset({ filepath: 'a.png', root }).save({ x: 1 } as never)).rejects.toThrow(
      'got an Object',
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it("Kedro's type names build them from a catalog", async () => {
    const dir = writeProject({
      'conf/base/catalog.yml': [
        'fig: { type: kedro_datasets.plotly.JSONDataset, filepath: data/fig.json }',
        'fig2: { type: plotly.PlotlyDataSet, filepath: data/fig2.json }',
        'spec: { type: VegaLiteDataset, filepath: data/spec.json }',
        'img: { type: pillow.ImageDataSet, filepath: data/img.png, versioned: true }',
        '',
      ].join('\n'),
      'src/pipeline_registry.ts':
        "import { pipeline } from 'pipewright';\nexport const registerPipelines = () => ({ __default__: pipeline([]) });\n",
    });
    const project = await loadProject(dir);
    expect(project.createDataset('fig')).toBeInstanceOf(PlotlyJSONDataset);
    expect(project.createDataset('fig2')).toBeInstanceOf(PlotlyDataset);
    expect(project.createDataset('spec')).toBeInstanceOf(VegaLiteDataset);
    expect(project.createDataset('img')).toBeInstanceOf(ImageDataset);
    expect(lookupBuiltInType('ImageDataset')).toBe(ImageDataset);
    expect(lookupBuiltInType('kedro_datasets.pillow.ImageDataset')).toBe(ImageDataset);
  });
});

/// <reference lib="dom" />
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { PipelineGraph } from '../../src-shared/contract';
import { api, openApp, shot } from './helpers';

async function exportAs(page: Page, item: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: item }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

test('the graph exports as an SVG file with every node, and as a PNG image', async ({ page }) => {
  await openApp(page, 'spaceflights');
  const graph = await api<PipelineGraph>(page, 'pipelines.graph', { pipeline: '__default__' });

  const svg = await exportAs(page, 'SVG image');
  expect(svg.name).toBe('__default__.svg');
  const text = svg.bytes.toString('utf8');
  expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  // Every node, even those off-screen in the opening view, with its label; edges as paths.
  for (const n of graph.nodes) expect(text).toContain(`data-id="${n.id}"`);
  expect(text).toContain('>preprocess_shuttles_node</text>');
  expect(text.match(/marker-end=/g)?.length).toBe(graph.edges.length);
  // The namespace groups the canvas outlines are in the file too, each labelled, behind the nodes.
  for (const ns of ['active_modelling_pipeline', 'candidate_modelling_pipeline']) {
    expect(text).toContain(`<g class="pw-group" data-namespace="${ns}">`);
    expect(text.indexOf(`data-namespace="${ns}"`)).toBeLessThan(text.indexOf('<g data-id='));
  }
  // The browser itself parses it as an SVG document without errors.
  const parsed = await page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    return { root: doc.documentElement.nodeName, error: doc.querySelector('parsererror')?.textContent ?? null };
  }, text);
  expect(parsed).toEqual({ root: 'svg', error: null });

  const png = await exportAs(page, 'PNG image');
  expect(png.name).toBe('__default__.png');
  expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  // Width and height from the IHDR chunk: twice the SVG's size.
  const [, w] = /width="([\d.]+)"/.exec(text)!;
  expect(png.bytes.readUInt32BE(16)).toBe(Math.ceil(Number(w) * 2));
  // Not blank: the image decodes in the page and has coloured (non-background) pixels.
  const inked = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const [r, g, bl] = [data[0], data[1], data[2]];
    let differ = 0;
    for (let i = 0; i < data.length; i += 4 * 7) if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== bl) differ++;
    return differ;
  }, png.bytes.toString('base64'));
  expect(inked).toBeGreaterThan(1000);
  mkdirSync('test-results/screens', { recursive: true });
  writeFileSync('test-results/screens/graph-export-file.png', png.bytes);
  await shot(page, 'graph-export');
});

// The graph as a standalone SVG file (every node, not only those the canvas holds), and as a PNG
// drawn from that SVG. Colours are the theme's, read once from the page's CSS variables.
import type { PipelineGraph } from '../../src-shared/contract';
import { groupRects, layerBands } from './groups';
import type { Layout } from '../../src-shared/graph-layout/layout-core';
import type { ShownNode } from '../../src-shared/graph-layout/namespaces';
import { nodeSize } from '../../src-shared/graph-layout/node-size';

const PAD = 24;

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function theme(): Record<string, string> {
  const cs = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--panel', '#ffffff'),
    fg: v('--fg', '#1f2937'),
    muted: v('--muted', '#6b7280'),
    edge: v('--edge', '#9ca3af'),
    fnBg: v('--fn-bg', '#ffffff'),
    fnLine: v('--fn-line', '#4f46e5'),
    dsBg: v('--ds-bg', '#ecfdf5'),
    dsLine: v('--ds-line', '#059669'),
    paramBg: v('--param-bg', '#f9fafb'),
    paramLine: v('--param-line', '#9ca3af'),
  };
}

export function graphSvg(graph: PipelineGraph, layout: Layout): string {
  const c = theme();
  const boxes = new Map<string, { n: ShownNode; x: number; y: number; w: number; h: number }>();
  for (const n of graph.nodes as ShownNode[]) {
    const p = layout.nodes[n.id] ?? { x: 0, y: 0 };
    const s = nodeSize(n);
    boxes.set(n.id, { n, x: p.x, y: p.y, w: s.width, h: s.height });
  }
  const all = [...boxes.values()];
  // Layer bands and namespace groups as the canvas draws them behind the nodes (groups.ts).
  const placed = all.map((b) => ({ node: b.n, rect: { x: b.x, y: b.y, width: b.w, height: b.h } }));
  const nodeBounds = extent(placed.map((p) => p.rect));
  const bands = layerBands(placed, nodeBounds);
  const groups = groupRects(placed).sort((a, b) => a.depth - b.depth);
  // Room above each group for its label.
  const labelled = groups.map((g) => ({ ...g.rect, y: g.rect.y - 20, height: g.rect.height + 20 }));
  const b = extent([nodeBounds, ...bands.map((x) => x.rect), ...labelled]);
  const x0 = b.x - PAD;
  const y0 = b.y - PAD;
  const width = b.width + 2 * PAD;
  const height = b.height + 2 * PAD;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${x0} ${y0} ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<title>${esc(graph.pipeline)}</title>`,
    `<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${c.edge}"/></marker></defs>`,
    `<rect x="${x0}" y="${y0}" width="${width}" height="${height}" fill="${c.bg}"/>`,
  );
  bands.forEach(({ layer, rect: r }, i) => {
    const fill = i % 2 ? c.fnLine : c.dsLine;
    out.push(
      `<g class="pw-band" data-layer="${esc(layer)}"><rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" fill="${fill}" fill-opacity="${i % 2 ? 0.05 : 0.07}"/>`,
      `<line x1="${r.x}" y1="${r.y}" x2="${r.x + r.width}" y2="${r.y}" stroke="${c.dsLine}" stroke-opacity="0.25"/>`,
      `<text x="${r.x + 8}" y="${r.y + 18}" font-size="13" font-weight="600" letter-spacing="0.65" fill="${c.muted}">${esc(layer.toUpperCase())}</text></g>`,
    );
  });
  for (const { ns, label, rect: r } of groups)
    out.push(
      `<g class="pw-group" data-namespace="${esc(ns)}"><rect x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" rx="10" fill="${c.fnLine}" fill-opacity="0.05" stroke="${c.fnLine}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      `<text x="${r.x + 12}" y="${r.y - 6}" font-size="13" font-weight="600" fill="${c.fnLine}">${esc(label)}</text></g>`,
    );
  for (const e of graph.edges) {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t) continue;
    const sx = s.x + s.w / 2;
    const sy = s.y + s.h;
    const tx = t.x + t.w / 2;
    const ty = t.y;
    const my = (sy + ty) / 2;
    out.push(
      `<path d="M${sx},${sy}C${sx},${my} ${tx},${my} ${tx},${ty}" fill="none" stroke="${c.edge}" stroke-width="1.4" marker-end="url(#a)"/>`,
    );
  }
  for (const { n, x, y, w, h } of all) {
    const [fill, line, r] =
      n.kind === 'dataset'
        ? [c.dsBg, c.dsLine, h / 2]
        : n.kind === 'parameter'
          ? [c.paramBg, c.paramLine, h / 2]
          : [c.fnBg, c.fnLine, n.kind === 'namespace' ? 10 : 6];
    const dash = n.kind === 'parameter' ? ' stroke-dasharray="4 3"' : '';
    out.push(
      `<g data-id="${esc(n.id)}"><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${fill}" stroke="${line}" stroke-width="1.5"${dash}/>`,
    );
    const cx = x + w / 2;
    const weight = n.kind === 'function' || n.kind === 'namespace' ? ' font-weight="600"' : '';
    if (n.qualifier) {
      out.push(
        `<text x="${cx}" y="${y + h / 2 - 6}" text-anchor="middle" font-size="11" fill="${c.muted}">${esc(n.qualifier)}</text>`,
      );
      out.push(
        `<text x="${cx}" y="${y + h / 2 + 10}" text-anchor="middle" font-size="13"${weight} fill="${c.fg}">${esc(n.label)}</text>`,
      );
    } else
      out.push(
        `<text x="${cx}" y="${y + h / 2}" dominant-baseline="central" text-anchor="middle" font-size="13"${weight} fill="${c.fg}">${esc(n.label)}</text>`,
      );
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}

function extent(rects: Array<{ x: number; y: number; width: number; height: number }>) {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: 0, y: 0, width: 0, height: 0 };
}

/** The SVG drawn into a canvas at `scale` (capped so the canvas stays within the browser's limits). */
export async function graphPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const k = Math.min(scale, 16_000 / Math.max(width, height, 1));
  // A data: URL: the app's content security policy allows images from data: but not from blob:.
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * k);
  canvas.height = Math.ceil(height * k);
  canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise<Blob>((ok, fail) =>
    canvas.toBlob((b) => (b ? ok(b) : fail(new Error('The browser could not encode the PNG'))), 'image/png'),
  );
}

export function download(blob: Blob, filename: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Exports the shown graph as `<pipeline>.svg` or `.png`. */
export async function exportGraph(graph: PipelineGraph, layout: Layout, format: 'svg' | 'png'): Promise<void> {
  const svg = graphSvg(graph, layout);
  const name = graph.pipeline.replace(/[^\w.-]+/g, '_') || 'pipeline';
  if (format === 'svg') return download(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`);
  const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  download(await graphPng(svg, Number(w), Number(h)), `${name}.png`);
}

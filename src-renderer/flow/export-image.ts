// The graph as a standalone SVG file (every node, not only those the canvas holds), and as a PNG
// drawn from that SVG. Colours are the theme's, read once from the page's CSS variables.
import type { PipelineGraph } from '../../src-shared/contract';
import type { Layout } from './layout-core';
import type { ShownNode } from './namespaces';
import { nodeSize } from './node-size';

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
  const x0 = Math.min(...all.map((b) => b.x)) - PAD;
  const y0 = Math.min(...all.map((b) => b.y)) - PAD;
  const width = Math.max(...all.map((b) => b.x + b.w)) - x0 + PAD;
  const height = Math.max(...all.map((b) => b.y + b.h)) - y0 + PAD;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${x0} ${y0} ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<title>${esc(graph.pipeline)}</title>`,
    `<defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${c.edge}"/></marker></defs>`,
    `<rect x="${x0}" y="${y0}" width="${width}" height="${height}" fill="${c.bg}"/>`,
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

import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef } from 'vue';
import type { GraphNode, PipelineGraph } from '../../src-shared/contract';
import { call } from '../api/client';
import { layout } from '../flow/layout';
import { layoutInputOf } from '../../src-shared/graph-layout/layout-input';
import type { Layout } from '../../src-shared/graph-layout/layout-core';
import { collapseNamespaces } from '../../src-shared/graph-layout/namespaces';
import { adjacency, filterByTags, lineage, searchNodes, type Adjacency } from '../lib/graph-walk';
import { reported } from './notify';

const inside = (ns: string | null, c: string) => !!ns && (ns === c || ns.startsWith(`${c}.`));

export type Emphasis = 'sel' | 'lit' | 'dim' | 'match';

export const useGraphStore = defineStore('graph', () => {
  const full = shallowRef<PipelineGraph | null>(null);
  const shown = shallowRef<PipelineGraph | null>(null);
  const positions = shallowRef<Layout>({ nodes: {}, edges: {} });
  const loading = ref(false);
  const selected = ref<string | null>(null);
  const tags = ref<string[]>([]);
  const query = ref('');
  /** Namespaces drawn as one box; the others are drawn as labelled groups of their nodes. */
  const collapsed = ref<ReadonlySet<string>>(new Set());
  /** Per node id; nodes read only their own key, so a change re-renders only the nodes it touches. */
  const emphasis = reactive<Record<string, Emphasis | undefined>>({});
  /** The graph's one tab stop (a roving tabindex): only this node's box is in the tab order. */
  const cursor = ref<string | null>(null);
  /** Per node id, like `emphasis`, so moving the stop re-renders two nodes, not all. */
  const tabStop = reactive<Record<string, true | undefined>>({});
  /** Bumped to ask the canvas to fit or centre; the canvas owns the viewport. */
  const focusRequest = ref<{ id: string | null; seq: number }>({ id: null, seq: 0 });
  /** Built on the first selection, not before the first draw. */
  let adj: Adjacency | null = null;
  let byId = new Map<string, GraphNode>();
  let loadSeq = 0;

  const matches = computed(() => (full.value ? searchNodes(full.value.nodes, query.value) : []));
  const selectedNode = computed(() => (selected.value ? (byId.get(selected.value) ?? null) : null));

  return {
    full,
    shown,
    positions,
    loading,
    selected,
    selectedNode,
    tags,
    query,
    matches,
    emphasis,
    focusRequest,
    collapsed,
    toggleNamespace,
    cursor,
    tabStop,
    setCursor,
    hydrate,
    select,
    setTags,
    setQuery,
    focus,
    nodeById,
    clear,
  };

  async function hydrate(pipeline: string): Promise<void> {
    const seq = ++loadSeq;
    loading.value = true;
    try {
      performance.mark('pw:graph-request');
      const g = await reported(`Could not load the pipeline '${pipeline}'`, () =>
        call('pipelines.graph', { pipeline }),
      );
      performance.mark('pw:graph-fetched');
      if (seq !== loadSeq) return;
      full.value = markRaw(g);
      byId = new Map(g.nodes.map((n) => [n.id, n]));
      adj = null;
      tags.value = tags.value.filter((t) => g.tags.includes(t));
      collapsed.value = new Set([...collapsed.value].filter((ns) => g.namespaces.includes(ns)));
      selected.value = null;
      await relayout(seq);
    } finally {
      if (seq === loadSeq) loading.value = false;
    }
  }

  async function relayout(seq = loadSeq): Promise<void> {
    if (!full.value) return;
    const g = collapseNamespaces(filterByTags(full.value, tags.value), collapsed.value);
    const firstView = tags.value.length === 0 && collapsed.value.size === 0;
    const given = firstView && g.hasPositions && g.nodes.every((n) => n.position);
    const pos: Layout = given
      ? { nodes: Object.fromEntries(g.nodes.map((n) => [n.id, n.position!])), edges: {} }
      : (firstView && hostLayout(g)) || (await layout(layoutInputOf(g)));
    if (seq !== loadSeq) return;
    performance.mark('pw:layout-done');
    positions.value = markRaw(pos);
    shown.value = markRaw(g);
    refreshEmphasis();
  }

  /** The host's positions for the graph's first view (sent with it, in node order), if it sent them. */
  function hostLayout(g: PipelineGraph): Layout | null {
    const sent = full.value?.layout;
    if (!sent || sent.xy.length !== g.nodes.length * 2) return null;
    const nodes: Layout['nodes'] = {};
    g.nodes.forEach((n, i) => (nodes[n.id] = { x: sent.xy[2 * i], y: sent.xy[2 * i + 1] }));
    return { nodes, edges: sent.edges };
  }

  function clear(): void {
    loadSeq++;
    full.value = shown.value = null;
    positions.value = { nodes: {}, edges: {} };
    selected.value = null;
    refreshEmphasis();
  }

  /** Collapses an expanded namespace to one box, or expands a collapsed one, and lays the graph out again. */
  async function toggleNamespace(ns: string): Promise<void> {
    const next = new Set(collapsed.value);
    if (!next.delete(ns)) next.add(ns);
    collapsed.value = next;
    if (selected.value && !shownHas(selected.value)) selected.value = null;
    await relayout();
  }

  function shownHas(id: string): boolean {
    return !!full.value?.nodes.some((n) => n.id === id && ![...collapsed.value].some((c) => inside(n.namespace, c)));
  }

  function setCursor(id: string | null): void {
    if (cursor.value) delete tabStop[cursor.value];
    cursor.value = id;
    if (id) tabStop[id] = true;
  }

  function nodeById(id: string): GraphNode | undefined {
    return byId.get(id);
  }

  function select(id: string | null): void {
    selected.value = id && byId.has(id) ? id : null;
    refreshEmphasis();
  }

  async function setTags(next: string[]): Promise<void> {
    tags.value = next;
    await relayout();
    focus(null);
  }

  function setQuery(q: string): void {
    query.value = q;
    refreshEmphasis();
  }

  function focus(id: string | null): void {
    const ns = id ? byId.get(id)?.namespace : null;
    const hiding = [...collapsed.value].filter((c) => inside(ns ?? null, c));
    if (hiding.length) {
      // A node found inside a collapsed namespace: expand what hides it, then focus it once laid out.
      collapsed.value = new Set([...collapsed.value].filter((c) => !hiding.includes(c)));
      void relayout().then(() => focus(id));
      return;
    }
    if (id) select(id);
    focusRequest.value = { id, seq: focusRequest.value.seq + 1 };
  }

  function refreshEmphasis(): void {
    const next = new Map<string, Emphasis>();
    const ids = shown.value?.nodes ?? [];
    if (selected.value) {
      adj ??= markRaw(adjacency(full.value?.edges ?? []));
      const lit = lineage(selected.value, adj);
      for (const n of ids) next.set(n.id, n.id === selected.value ? 'sel' : lit.has(n.id) ? 'lit' : 'dim');
    } else if (query.value.trim()) {
      const hit = new Set(matches.value.map((m) => m.id));
      for (const n of ids) next.set(n.id, hit.has(n.id) ? 'match' : 'dim');
    }
    for (const k of Object.keys(emphasis)) if (!next.has(k)) delete emphasis[k];
    for (const [k, v] of next) if (emphasis[k] !== v) emphasis[k] = v;
  }
});

// The host's last layouts in memory, so the same graph asked for again from a project loaded again
// (after an edit elsewhere, in another host's page) does not read its cache file again. Within one
// loaded project the whole reply is kept (pipeline-graphs.ts).
import type { GraphLayout } from '../../src-shared/api-types';

/** Layouts kept in memory; the least recently used go first. */
const KEEP = 8;

export class RecentLayouts {
  /** By `root\nkey`, least recently used first (a Map keeps insertion order). */
  private readonly layouts = new Map<string, GraphLayout>();

  get(id: string): GraphLayout | undefined {
    const layout = this.layouts.get(id);
    if (layout) {
      this.layouts.delete(id);
      this.layouts.set(id, layout);
    }
    return layout;
  }

  keep(id: string, layout: GraphLayout): GraphLayout {
    this.layouts.delete(id);
    this.layouts.set(id, layout);
    while (this.layouts.size > KEEP) this.layouts.delete(this.layouts.keys().next().value!);
    return layout;
  }
}

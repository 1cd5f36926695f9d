import { watch, statSync, type FSWatcher } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProjectSummary, RecentProject } from '../../src-shared/api-types';
import { loadProject } from '../project/load-project';
import type { Project } from '../project/types';
import type { EventHub } from './event-hub';
import { summarizeProject } from './project-summary';
import type { RecentStore } from './recent-store';
import { ServiceError, noProject } from './service-error';

export interface OpenProject {
  project: Project;
  summary: ProjectSummary;
}

/** The open project (one per host), the recent list, and a watch on the project's files. */
export class ProjectService {
  private open_: OpenProject | null = null;
  private watchers: FSWatcher[] = [];
  private changeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly recent: RecentStore,
    private readonly events: EventHub,
    private readonly options: { watch?: boolean } = {},
  ) {}

  get current(): OpenProject | null {
    return this.open_;
  }

  require(): OpenProject {
    if (!this.open_) throw noProject();
    return this.open_;
  }

  async open(root: string, env?: string): Promise<ProjectSummary> {
    const abs = resolve(root);
    if (!statSync(abs, { throwIfNoEntry: false })?.isDirectory()) {
      throw new ServiceError('not-found', `Cannot open '${abs}': no such folder.`);
    }
    const project = await loadProject(abs, { env });
    this.open_ = { project, summary: summarizeProject(project) };
    this.recent.add(abs);
    this.watchFiles(abs);
    this.events.emit({ channel: 'project', kind: 'opened', summary: this.open_.summary });
    return this.open_.summary;
  }

  async reload(): Promise<ProjectSummary> {
    const { project } = this.require();
    const reloaded = await loadProject(project.root, { env: project.env });
    this.open_ = { project: reloaded, summary: summarizeProject(reloaded) };
    this.events.emit({ channel: 'project', kind: 'reloaded', summary: this.open_.summary });
    return this.open_.summary;
  }

  listRecent(): RecentProject[] {
    return this.recent.list();
  }

  close(): void {
    this.stopWatching();
  }

  private watchFiles(root: string): void {
    this.stopWatching();
    if (!this.options.watch) return;
    for (const dir of ['conf', 'pipelines', 'src']) {
      try {
        this.watchers.push(watch(join(root, dir), { recursive: true }, () => this.changed()));
      } catch {
        // A project without this folder, or a platform without recursive watch: reload by hand.
      }
    }
  }

  private changed(): void {
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.events.emit({ channel: 'project', kind: 'changed', summary: this.open_?.summary ?? null });
    }, 300);
  }

  private stopWatching(): void {
    clearTimeout(this.changeTimer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}

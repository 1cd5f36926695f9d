import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { HostInfo, ProjectSummary, RecentProject } from '../../src-shared/contract';
import { call, onEvent } from '../api/client';
import { reported } from './notify';

export const useProjectStore = defineStore('project', () => {
  const host = ref<HostInfo | null>(null);
  const summary = ref<ProjectSummary | null>(null);
  const recent = ref<RecentProject[]>([]);
  const pipeline = ref('__default__');
  const loading = ref(false);
  const pipelines = computed(() => summary.value?.pipelines ?? []);
  let unsubscribe: (() => void) | null = null;

  return { host, summary, recent, pipeline, pipelines, loading, hydrate, open, pick, reload, loadRecent, setPipeline };

  async function hydrate(): Promise<void> {
    await reported('Could not reach the app', async () => {
      const [info, current] = await Promise.all([call('app.info'), call('project.current')]);
      host.value = info;
      if (current) adopt(current);
      else if (info.initialProject) await open(info.initialProject);
    });
    unsubscribe ??= onEvent((e) => {
      if (e.channel === 'project' && e.summary) adopt(e.summary);
    });
    if (!summary.value) await loadRecent().catch(() => undefined);
  }

  async function loadRecent(): Promise<void> {
    recent.value = await reported('Could not list recent projects', () => call('project.recent'));
  }

  async function open(root: string): Promise<void> {
    loading.value = true;
    try {
      adopt(await reported(`Could not open ${root}`, () => call('project.open', { root })));
    } finally {
      loading.value = false;
    }
  }

  async function pick(): Promise<void> {
    const picked = await reported('Could not open the project', () => call('project.pick'));
    if (picked) adopt(picked);
  }

  async function reload(): Promise<void> {
    adopt(await reported('Could not reload the project', () => call('project.reload')));
  }

  function setPipeline(name: string): void {
    pipeline.value = name;
  }

  function adopt(next: ProjectSummary): void {
    const keep = next.pipelines.some((p) => p.name === pipeline.value);
    summary.value = next;
    if (!keep)
      pipeline.value =
        next.pipelines.find((p) => p.name === '__default__')?.name ?? next.pipelines[0]?.name ?? '__default__';
  }
});

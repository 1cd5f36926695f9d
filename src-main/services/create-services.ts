// The composition of the services, and the contract's commands mapped onto them one line each.
// Electron's main process and `pipewright serve` both host this same object.
import { FingerprintService } from './fingerprint-service';
import type { AppEvent, HostInfo } from '../../src-shared/api-types';
import type { CommandHandlers } from '../../src-shared/contract';
import { DatasetService } from './dataset-service';
import { EventHub, type Unsubscribe } from './event-hub';
import { describePipeline } from './graph-service';
import { GraphLayouts } from './graph-layout';
import { PipelineGraphs } from './pipeline-graphs';
import { planResume } from '../history/resume-plan';
import { HistoryService, type OpenHistory } from './history-service';
import { checkEditorPipeline, projectFunctions, savePipeline } from './pipeline-file-service';
import { ProjectService } from './project-service';
import { RecentStore } from './recent-store';
import type { WorkerPool } from '../engine/pool/worker-pool';
import type { startRun } from './run-request';
import { RunService } from './run-service';
import { NodeDetailService } from './node-detail-service';
import { TableService } from './table-service';
import { ServiceError } from './service-error';

export interface ServicesOptions {
  /** Where the recent projects list lives (Electron: app.getPath('userData')). */
  dataDir: string;
  host?: HostInfo['host'];
  version?: string;
  initialProject?: string | null;
  /** The warm worker pool for ParallelRunner (Electron: utility processes). */
  pool?: WorkerPool;
  /** A warm pool for ThreadRunner (Electron: threads on the built worker bundle). */
  threadPool?: WorkerPool;
  openHistory?: OpenHistory;
  /** Electron's folder dialog; absent in serve. */
  pickFolder?: () => Promise<string | null>;
  watchProject?: boolean;
  startRun?: typeof startRun;
}

export interface AppServices {
  handlers: CommandHandlers;
  onEvent(listener: (event: AppEvent) => void): Unsubscribe;
  projects: ProjectService;
  runs: RunService;
  /** Stops what the services started; resolves once nothing more is written into the project. */
  close(): Promise<void>;
}

export function createServices(options: ServicesOptions): AppServices {
  const events = new EventHub();
  const projects = new ProjectService(new RecentStore(options.dataDir), events, { watch: options.watchProject });
  const history = options.openHistory
    ? new HistoryService(options.openHistory, () => projects.require().project.root)
    : undefined;
  const runs = new RunService({
    projects,
    events,
    pools: {
      ...(options.pool ? { ParallelRunner: options.pool } : {}),
      ...(options.threadPool ? { ThreadRunner: options.threadPool } : {}),
    },
    record: history ? (meta) => history.recorder(meta) : undefined,
    fingerprints: history ? () => fingerprintsOrNothing(history) : undefined,
    start: options.startRun,
  });
  const datasets = new DatasetService(projects, runs, history);
  const tables = new TableService(projects, runs, history);
  const layouts = new GraphLayouts();
  const graphs = new PipelineGraphs(async (open, pipeline) =>
    layouts.attach(open.root, describePipeline(open, pipeline)),
  );
  events.subscribe((event) => {
    if (event.channel === 'project' && event.kind !== 'changed' && projects.current)
      graphs.warm(projects.current.project);
  });
  const nodeDetails = new NodeDetailService(projects, history);
  const needHistory = () =>
    history ?? fail(new ServiceError('not-found', 'The run history is not available in this host.'));
  const project = () => projects.require().project;

  const handlers: CommandHandlers = {
    'app.info': async () => {
      layouts.warm(); // the page's first request: the layout thread starts before its graph is asked for
      return {
        host: options.host ?? 'serve',
        version: options.version ?? '0.0.0',
        canPickFolder: Boolean(options.pickFolder),
        initialProject: options.initialProject ?? null,
      };
    },
    'project.open': ({ root, env }) => projects.open(root, env),
    'project.pick': async () => {
      const root = options.pickFolder ? await options.pickFolder() : null;
      return root ? projects.open(root) : null;
    },
    'project.recent': async () => projects.listRecent(),
    'project.current': async () => projects.current?.summary ?? null,
    'project.reload': () => projects.reload(),
    'pipelines.graph': ({ pipeline }) => graphs.get(project(), pipeline),
    'pipelines.functions': () => projectFunctions(project()),
    'pipelines.validate': ({ file }) => checkEditorPipeline(project(), file),
    'pipelines.save': async ({ name, file }) => {
      const path = await savePipeline(project(), name, file);
      return { path, summary: await projects.reload() };
    },
    'runs.start': (args) => runs.start(args),
    'runs.cancel': async ({ runId }) => runs.cancel(runId),
    'runs.live': async () => runs.live(),
    'runs.list': (filter) => needHistory().list(filter),
    'runs.get': ({ runId }) => needHistory().get(runId),
    'runs.resume': async ({ runId, fromNodes }) =>
      runs.startRequest(planResume(await needHistory().get(runId), project().root, fromNodes)),
    'runs.compare': ({ a, b }) => needHistory().compare(a, b),
    'datasets.inspect': ({ name, pipeline }) => {
      tables.worker.warm(); // the explorer's thread starts while the user looks at the dataset
      return datasets.inspect(name, pipeline);
    },
    'datasets.preview': (args) => datasets.preview(args),
    'datasets.table': (args) => tables.page(args),
    'datasets.stats': (args) => tables.stats(args),
    'nodes.detail': ({ node, pipeline }) => nodeDetails.detail(node, pipeline),
    'outputs.drift': async (args) => new FingerprintService(needHistory(), projects).drift(args),
    'outputs.stale': (args) => new FingerprintService(needHistory(), projects).stale(args),
    'runs.diff': (args) => new FingerprintService(needHistory(), projects).diff(args),
  };

  return {
    handlers,
    onEvent: (listener) => events.subscribe(listener),
    projects,
    runs,
    async close() {
      runs.cancelAll();
      tables.close();
      graphs.close();
      layouts.close();
      projects.close();
      history?.close();
      // A layout's cache file still being written into the project: done before the caller removes it.
      await layouts.written();
    },
  };
}

function fail(error: Error): never {
  throw error;
}

/** Runs are fingerprinted when the history can keep fingerprints; a history that cannot never stops a run. */
function fingerprintsOrNothing(history: HistoryService) {
  try {
    return history.fingerprints();
  } catch {
    return undefined;
  }
}

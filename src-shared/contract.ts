// The API, written once: each command's argument schema and result type. The main process's
// IPC handlers, `pipewright serve`, the preload and the renderer's client are all typed from
// this map, so they fail to compile when they drift. Hosts validate arguments with these schemas.
import { z } from 'zod';
import type {
  AppEvent,
  DatasetInfo,
  DatasetPreview,
  HostInfo,
  LiveRun,
  PipelineGraph,
  ProjectFunction,
  ProjectSummary,
  RecentProject,
  RunComparison,
  RunDetail,
  RunSummary,
  ValidationResult,
} from './api-types';
import type { CommandName } from './command-names';
import type { NodeDetail, TablePage, TableStats } from './table-page';
import type { DatasetDrift, RunDiff, StaleNodes } from './fingerprint-types';
import { pipelineFileSchema, safeKeys } from './pipeline-file-schema';
import { PIPELINE_NAME, PIPELINE_NAME_RULE } from './pipeline-name';

export * from './api-types';
export * from './table-page';
export type * from './fingerprint-types';
export { pipelineFileSchema } from './pipeline-file-schema';
export { commandNames, isCommandName, type CommandName } from './command-names';

const name = z.string().min(1).max(500);
const names = z.array(name).max(10_000);
const none = z.strictObject({});

/** A dataset version is one folder name: never a path. */
const version = z
  .string()
  .min(1)
  .regex(/^[^/\\]+$/, 'a version must not contain path separators')
  .refine((v) => v !== '.' && v !== '..', 'a version must not be . or ..');

/**
 * A run request: what `pipewright run`'s flags, the app's run panel and `runs.start` ask for, and
 * what the history records and a resume copies. The CLI makes one flag per key (`--kebab-case`,
 * `isAsync` is `--async`) with the description as its help, so a new option is added here once.
 */
export const runOptionsSchema = z.strictObject({
  pipeline: name.optional().describe('the registered pipeline to run (default: __default__)'),
  runner: name
    .optional()
    .describe('SequentialRunner, ThreadRunner, ParallelRunner, DistributedRunner, or src/file.ts#MyRunner'),
  isAsync: z.boolean().optional().describe('load inputs and save outputs of each node concurrently'),
  maxWorkers: z
    .number()
    .int()
    .min(1)
    .max(1024)
    .optional()
    .describe('the most nodes to run at once (thread and parallel runners)'),
  maxWorkerMemory: z
    .number()
    .int()
    .min(16)
    .max(1_048_576)
    .optional()
    .describe(
      "each worker's JavaScript heap limit in MB (default: half the machine's memory, at most Node's own limit)",
    ),
  nodes: names.optional().describe('run only these nodes (comma-separated)'),
  fromNodes: names.optional().describe('run from these nodes downstream'),
  toNodes: names.optional().describe('run up to these nodes'),
  fromInputs: names.optional().describe('run the nodes downstream of these datasets'),
  toOutputs: names.optional().describe('run the nodes needed to produce these datasets'),
  tags: names.optional().describe('run only nodes with any of these tags'),
  namespace: name.optional().describe('run only nodes in this namespace'),
  params: safeKeys(z.record(z.string(), z.unknown()), 'params')
    .optional()
    .describe('override parameters; dotted keys reach nested values'),
  loadVersions: z.record(z.string(), version).optional().describe('load these versions of versioned datasets'),
  onlyMissingOutputs: z
    .boolean()
    .optional()
    .describe('run only the nodes whose persistent outputs are missing, and the nodes those need'),
  // DistributedRunner
  queue: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe(
      'DistributedRunner: the queue, redis://host:port or unix:///path/redis.sock (default: queue: in conf/base/pipewright.yml)',
    ),
  attempts: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'DistributedRunner: tries per job in all, a dead worker, a crash or a failure of a node tagged retryable each using one (default 3)',
    ),
  groupBy: z
    .enum(['none', 'namespace', 'memory'])
    .optional()
    .describe(
      'DistributedRunner: one job per node (none, the default), per namespace, or per MemoryDataset-joined group',
    ),
  changed: z
    .boolean()
    .optional()
    .describe(
      'run only the nodes whose code, parameters or inputs changed since their last successful run, or whose outputs are missing or changed, and everything downstream',
    ),
});

/** The options of one run as validated: the run request without where and how it was asked. */
export type RunOptions = z.output<typeof runOptionsSchema>;
export type RunOptionName = keyof RunOptions;

export const runFilterSchema = z.strictObject({
  pipeline: name.optional(),
  status: z.enum(['running', 'success', 'failed', 'cancelled', 'interrupted']).optional(),
  since: z.number().optional(),
  until: z.number().optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  offset: z.number().int().min(0).optional(),
});

/** Which data the explorer shows: as `datasets.preview` names it. */
const tableSourceSchema = z.strictObject({
  name,
  version: version.optional(),
  runId: name.optional(),
  memory: z.boolean().optional(),
});

export const commandSchemas = {
  'app.info': none,

  'project.open': z.strictObject({ root: z.string().min(1), env: name.optional() }),
  /** Electron: a folder dialog, then open; resolves to null when cancelled or unsupported (serve). */
  'project.pick': none,
  'project.recent': none,
  'project.current': none,
  'project.reload': none,

  'pipelines.graph': z.strictObject({ pipeline: name.default('__default__') }),
  'pipelines.functions': none,
  'pipelines.save': z.strictObject({
    name: z.string().regex(PIPELINE_NAME, PIPELINE_NAME_RULE),
    file: pipelineFileSchema,
  }),
  'pipelines.validate': z.strictObject({ file: pipelineFileSchema }),

  'runs.start': runOptionsSchema,
  'runs.cancel': z.strictObject({ runId: name }),
  'runs.live': none,
  'runs.list': runFilterSchema,
  'runs.get': z.strictObject({ runId: name }),
  /** Runs the remaining nodes of a failed or cancelled run, with its options. */
  'runs.resume': z.strictObject({ runId: name, fromNodes: names.optional() }),
  'runs.compare': z.strictObject({ a: name, b: name }),

  'datasets.inspect': z.strictObject({ name, pipeline: name.optional() }),
  'datasets.preview': z.strictObject({
    name,
    /** A version of a versioned dataset, or the version a past run wrote (with runId). */
    version: version.optional(),
    runId: name.optional(),
    /** Prefer the last run's in-memory value (memory datasets). */
    memory: z.boolean().optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  }),

  // The data explorer and the node details.
  'datasets.table': tableSourceSchema.extend({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
    sort: z.strictObject({ column: z.string().max(500), desc: z.boolean().optional() }).optional(),
    filter: z.strictObject({ text: z.string().max(500), column: z.string().max(500).optional() }).optional(),
  }),
  'datasets.stats': tableSourceSchema,
  'nodes.detail': z.strictObject({ node: name, pipeline: name.optional() }),
  // Fingerprints and past outputs: a dataset's drift across runs, the stale nodes, two runs' differences.
  'outputs.drift': z.strictObject({ name, limit: z.number().int().min(1).max(500).default(50) }),
  'outputs.stale': z.strictObject({ pipeline: name.default('__default__') }),
  'runs.diff': z.strictObject({ a: name, b: name }),
} as const satisfies Record<CommandName, z.ZodType>;

interface Results {
  'app.info': HostInfo;
  'project.open': ProjectSummary;
  'project.pick': ProjectSummary | null;
  'project.recent': RecentProject[];
  'project.current': ProjectSummary | null;
  'project.reload': ProjectSummary;
  'pipelines.graph': PipelineGraph;
  'pipelines.functions': ProjectFunction[];
  'pipelines.save': { path: string; summary: ProjectSummary };
  'pipelines.validate': ValidationResult;
  'runs.start': { runId: string };
  'runs.cancel': { cancelled: boolean };
  'runs.live': LiveRun[];
  'runs.list': RunSummary[];
  'runs.get': RunDetail;
  'runs.resume': { runId: string };
  'runs.compare': RunComparison;
  'datasets.inspect': DatasetInfo;
  'datasets.preview': DatasetPreview;
  'datasets.table': TablePage;
  'datasets.stats': TableStats;
  'nodes.detail': NodeDetail;
  'outputs.drift': DatasetDrift;
  'outputs.stale': StaleNodes;
  'runs.diff': RunDiff;
}

// Both directions: a schema without a name, or a name without a schema, fails to compile.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const namesMatchSchemas: Exact<keyof typeof commandSchemas, CommandName> = true;
void namesMatchSchemas;

/** What a caller sends (defaults optional) and what a handler receives (defaults filled). */
export type CommandArgs<K extends CommandName> = z.input<(typeof commandSchemas)[K]>;
export type ParsedArgs<K extends CommandName> = z.output<(typeof commandSchemas)[K]>;
export type CommandResult<K extends CommandName> = Results[K];

export type Commands = { [K in CommandName]: { args: CommandArgs<K>; result: CommandResult<K> } };

/** What a host implements: one function per command, given validated arguments. */
export type CommandHandlers = { [K in CommandName]: (args: ParsedArgs<K>) => Promise<CommandResult<K>> };

// Pushed events, for both hosts (Electron IPC and serve's Server-Sent Events): a host gathers a
// run's routine events and sends them as one message, in the order they happened. A run reports
// several events per node; a page handling each as its own message falls behind, and the page
// repaints a run a few times a second. A run's end, and any other event, go at once with what
// waited before them.
/** One push message: events oldest first. */
export type AppEventBatch = AppEvent[];
/**
 * How long a host gathers a run's routine events before sending them: the pace at which the page
 * repaints a running run (stores/run.ts), since events sent faster than that are only more
 * messages for the page to read while the run's own thread wants the CPU.
 */
export const RUN_EVENT_BATCH_MS = 250;

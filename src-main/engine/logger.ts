import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { LogLevel } from '../../src-shared/run-events';

export type LogSink = (level: LogLevel, message: string, logger: string) => void;

/** Where lines written inside a run go: the run's event stream, tagged with the node that wrote them. */
export interface LogScope {
  log(level: LogLevel, message: string, node: string | undefined, logger: string): void;
  /** The node whose code is running, if any (undefined: the runner's own code). */
  readonly node?: string;
}

const scopes = new AsyncLocalStorage<LogScope>();

/**
 * A named logger, Kedro style ("pipewright.runner.sequential_runner"). A runner points its logger at
 * the run's event stream for the length of the run. Any other logger (a node's, a custom runner's)
 * writes to the run whose code is calling it, tagged with the node; outside a run, to the default sink.
 */
export class Logger {
  private static defaultSink: LogSink | undefined;
  sink: LogSink | undefined;

  constructor(readonly name: string) {}

  static setDefaultSink(sink: LogSink | undefined): void {
    Logger.defaultSink = sink;
  }

  log(level: LogLevel, message: string): void {
    if (this.sink) return this.sink(level, message, this.name);
    const scope = activeScope();
    if (scope) scope.log(level, message, scope.node, this.name);
    else Logger.defaultSink?.(level, message, this.name);
  }

  debug(message: string): void {
    this.log('debug', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  warning(message: string): void {
    this.log('warning', message);
  }
  warn(message: string): void {
    this.log('warning', message);
  }
  error(message: string): void {
    this.log('error', message);
  }
}

/** Kedro's `logging.getLogger(name)`: a logger that writes to the run's log from a node. */
export function getLogger(name: string): Logger {
  return new Logger(name);
}

// Which scope a line belongs to. Async context tracking (AsyncLocalStorage) turns on promise hooks
// for the whole thread, a cost on every await of the engine; it is used only where scopes overlap
// in a thread (nodes run concurrently in one process, two runs at once in the app). Otherwise the
// scope is the one whose code runs now, or else the one node (or run) in flight: while a single
// run goes, whatever its thread prints belongs to it.
let current: LogScope | undefined;
let soleNode: LogScope | undefined;
let soleRun: LogScope | undefined;
let nodesInFlight = 0;
let runsInFlight = 0;
let asyncTracking = false;

function activeScope(): LogScope | undefined {
  return current ?? (asyncTracking ? scopes.getStore() : undefined) ?? soleNode ?? soleRun;
}

/**
 * Runs `fn` (a node's function, a runner's `_run`) so that what it logs, through a Logger or
 * `console`, goes to `scope` (and so to the CLI's log, the history and the app), in order with
 * the run's own lines. Awaited work started by `fn` stays in the scope.
 */
export function withLogScope<T>(scope: LogScope, fn: () => T): T {
  captureConsole();
  const isNode = scope.node !== undefined;
  const inherited = asyncTracking && scopes.getStore() !== undefined;
  const tracked = inherited || (isNode ? nodesInFlight > 0 : runsInFlight > 0);
  if (isNode) nodesInFlight++;
  else runsInFlight++;
  if (!tracked) {
    if (isNode) soleNode = scope;
    else soleRun = scope;
  }
  const leave = () => {
    if (isNode) nodesInFlight--;
    else runsInFlight--;
    if (soleNode === scope) soleNode = undefined;
    if (soleRun === scope) soleRun = undefined;
  };
  const previous = current;
  current = scope;
  let result: T;
  try {
    if (tracked) asyncTracking = true;
    result = tracked ? scopes.run(scope, fn) : fn();
  } catch (error) {
    leave();
    throw error;
  } finally {
    current = previous;
  }
  if (result instanceof Promise) result.then(leave, leave);
  else leave();
  return result;
}

/** A scope writing to a run context's log (`RunContext.log`), for `node`'s code or (without one) the runner's. */
export function runLogScope(
  sink: { log(level: LogLevel, message: string, node?: string, logger?: string): void },
  node?: string,
): LogScope {
  return { node, log: (level, message, at, logger) => sink.log(level, message, at, logger) };
}

/** The logger name of lines a node or runner writes with `console`. */
export const CONSOLE_LOGGER = 'console';

const CONSOLE_LEVELS: Array<[keyof Console, LogLevel]> = [
  ['log', 'info'],
  ['info', 'info'],
  ['debug', 'debug'],
  ['warn', 'warning'],
  ['error', 'error'],
];

let consoleCaptured = false;

/** Once per thread: console calls made inside a log scope become log lines; others print as usual. */
function captureConsole(): void {
  if (consoleCaptured) return;
  consoleCaptured = true;
  const target = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const [method, level] of CONSOLE_LEVELS) {
    const original = target[method as string];
    target[method as string] = function (this: unknown, ...args: unknown[]) {
      const scope = activeScope();
      if (scope) scope.log(level, format(...args), scope.node, CONSOLE_LOGGER);
      else original.apply(this, args);
    };
  }
}

import type { RunEvent } from '../../src-shared/run-events';
import { quoteOften } from '../../src-shared/quote-often';

// What a recorder has yet to write, gathered as the events come: each event is reduced at once to
// the values its statements bind (a log line to its JSON text), so the event objects themselves
// are not kept until the batch is written (they die young, where collecting them costs least).

export type Pending = Exclude<RunEvent, { type: 'run-start' | 'run-end' }>;
type NodeStart = Extract<Pending, { type: 'node-start' }>;
export type FingerprintEvent = Extract<Pending, { type: 'dataset-fingerprint' | 'node-fingerprint' }>;

const q = JSON.stringify;

/** Loggers and levels, quoted once each; a line without a logger has null. */
const quote = (s: string | null | undefined): string => (s == null ? 'null' : quoteOften(s));

export class RecorderBatch {
  /** Events gathered. */
  size = 0;
  readonly queued = new Map<string, number>();
  readonly started = new Map<string, NodeStart>();
  /** A node that started in this batch and ended: the runNode statement's parameters. */
  readonly ran: unknown[][] = [];
  /** A node that started in an earlier batch and ended: the endNode statement's parameters. */
  readonly ended: unknown[][] = [];
  readonly skipped: string[] = [];
  /** The log lines as JSON [at, level, node, logger, message] tuples, comma-separated. */
  logs = '';
  logCount = 0;
  /** dataset_io rows, 10 values each. */
  readonly io: unknown[] = [];
  readonly fingerprints: FingerprintEvent[] = [];
  done = 0;
  failed = 0;

  constructor(private readonly runId: string) {}

  add(e: Pending): void {
    this.size++;
    switch (e.type) {
      case 'node-queued':
        this.queued.set(e.node, e.at);
        break;
      case 'node-start':
        this.started.set(e.node, e);
        break;
      case 'node-end': {
        if (e.status === 'done') this.done++;
        if (e.status === 'failed') this.failed++;
        const t = e.timings;
        const error = e.error ? q(e.error) : null;
        const fingerprint = e.fingerprint ?? null;
        const parts = e.fingerprintParts ? q(e.fingerprintParts) : null;
        const start = this.started.get(e.node);
        if (start) {
          this.started.delete(e.node);
          const queuedAt = this.queued.get(e.node) ?? null;
          this.queued.delete(e.node);
          this.ran.push([
            e.status,
            e.worker,
            start.at,
            e.at,
            t.loadMs,
            t.computeMs,
            t.saveMs,
            error,
            queuedAt,
            fingerprint,
            parts,
            this.runId,
            e.node,
          ]);
        } else
          this.ended.push([
            e.status,
            e.worker,
            e.at,
            t.loadMs,
            t.computeMs,
            t.saveMs,
            error,
            fingerprint,
            parts,
            this.runId,
            e.node,
          ]);
        break;
      }
      case 'node-skip':
        this.skipped.push(e.node);
        break;
      case 'dataset-load':
      case 'dataset-save':
        this.io.push(
          this.runId,
          e.node ?? null,
          e.dataset,
          e.type === 'dataset-load' ? 'load' : 'save',
          e.datasetType,
          e.at,
          e.ms,
          e.size ?? null,
          e.version ?? null,
          e.path ?? null,
        );
        break;
      case 'log': {
        // The same text as JSON.stringify of the tuple, without building the tuple.
        const line = `[${Number.isFinite(e.at) ? e.at : null},${quote(e.level)},${e.node == null ? 'null' : q(e.node)},${quote(e.logger)},${q(e.message)}]`;
        this.logs = this.logCount++ ? `${this.logs},${line}` : line;
        break;
      }
      case 'dataset-fingerprint':
      case 'node-fingerprint':
        this.fingerprints.push(e);
        break;
    }
  }
}

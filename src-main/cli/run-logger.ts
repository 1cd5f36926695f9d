import type { LogLevel, RunEvent } from '../../src-shared/run-events';
import type { CliIO } from './cli-io';

const LEVEL_NAMES: Record<LogLevel, string> = { debug: 'DEBUG', info: 'INFO', warning: 'WARNING', error: 'ERROR' };
const COLOURS: Record<LogLevel, string> = { debug: '\x1b[2m', info: '', warning: '\x1b[33m', error: '\x1b[31m' };

function kedroTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(
    d.getSeconds(),
  )},${pad(d.getMilliseconds(), 3)}`;
}

/**
 * Writes a run's log lines to stderr the way Kedro's plain logging reads
 * ("2026-11-29 10:00:00,123 - pipewright.runner - INFO - Completed 2 out of 4 tasks"). On a
 * terminal it keeps a live progress line under the log: n of N nodes, the running ones, elapsed.
 * Lines are buffered and flushed once per tick, so a 1,000-node run does not pay a write per line.
 */
export class RunLogger {
  private buffer: string[] = [];
  private flushScheduled = false;
  private readonly tty: boolean;
  private total = 0;
  private done = 0;
  private readonly running = new Set<string>();
  private startedAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private progressShown = false;

  constructor(private readonly io: CliIO) {
    this.tty = Boolean(io.stderr.isTTY) && !io.env.NO_PROGRESS;
  }

  readonly onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case 'run-start':
        this.total = event.nodes.length;
        this.startedAt = event.at;
        if (this.tty) this.timer = setInterval(() => this.flush(), 250).unref(); // never what keeps a run alive
        break;
      case 'node-start':
        this.running.add(event.node);
        break;
      case 'node-end':
        this.running.delete(event.node);
        if (event.status === 'done') this.done++;
        break;
      case 'log':
        this.line(event.at, event.level, event.logger ?? 'pipewright', event.message);
        break;
      case 'run-end':
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        this.flush(true);
        break;
    }
  };

  /** A line that is not a run event (the CLI's own messages). */
  message(level: LogLevel, text: string): void {
    this.line(Date.now(), level, 'pipewright.cli', text);
    this.flush(true);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush(true);
  }

  private line(at: number, level: LogLevel, logger: string, message: string): void {
    const text = this.tty
      ? `${COLOURS[level]}[${kedroTime(at).slice(11, 19)}] ${LEVEL_NAMES[level].padEnd(7)} ${message}${COLOURS[level] ? '\x1b[0m' : ''}`
      : `${kedroTime(at)} - ${logger} - ${LEVEL_NAMES[level]} - ${message}`;
    this.buffer.push(text);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(final = false): void {
    this.flushScheduled = false;
    let out = '';
    if (this.progressShown) out += '\r\x1b[K';
    if (this.buffer.length) out += `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.progressShown = false;
    if (this.timer && !final) {
      out += this.progressLine();
      this.progressShown = true;
    }
    if (out) this.io.stderr.write(out);
  }

  private progressLine(): string {
    const secs = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    const running = [...this.running];
    const names = running.slice(0, 3).join(', ') + (running.length > 3 ? ` +${running.length - 3}` : '');
    const width = this.io.stderr.columns ?? 100;
    const line = `\x1b[36m▶ ${this.done} of ${this.total} nodes · ${secs}s${names ? ` · running: ${names}` : ''}\x1b[0m`;
    return line.length > width + 9 ? `${line.slice(0, width + 5)}…\x1b[0m` : line;
  }
}

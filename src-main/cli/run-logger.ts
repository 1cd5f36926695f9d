import type { LogLevel, RunEvent } from '../../src-shared/run-events';
import type { CliIO } from './cli-io';

const LEVEL_NAMES: Record<LogLevel, string> = { debug: 'DEBUG', info: 'INFO', warning: 'WARNING', error: 'ERROR' };
const TTY_LEVELS = Object.fromEntries(
  Object.entries(LEVEL_NAMES).map(([level, name]) => [level, name.padEnd(7)]),
) as Record<LogLevel, string>;
const COLOURS: Record<LogLevel, string> = { debug: '\x1b[2m', info: '', warning: '\x1b[33m', error: '\x1b[31m' };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** '000' to '999': a line's milliseconds, looked up rather than formatted. */
const MILLIS = Array.from({ length: 1000 }, (_, ms) => pad(ms, 3));

/**
 * Kedro's timestamp, "2026-11-29 10:00:00,123" in local time. Lines come thousands a second, so
 * the part up to the second is built once per second and only the milliseconds per line.
 */
class KedroClock {
  private second = NaN;
  private prefix = '';

  format(at: number): string {
    const second = Math.floor(at / 1000);
    if (second !== this.second) {
      const d = new Date(second * 1000);
      this.second = second;
      this.prefix = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},`;
    }
    return this.prefix + MILLIS[Math.floor(at - second * 1000)];
  }
}

/** A line kept as it came (the run's log event itself): formatted only when its batch is written. */
type Pending = Pick<Extract<RunEvent, { type: 'log' }>, 'at' | 'level' | 'logger' | 'message'>;

/** Buffered lines are written once they hold this many characters, even within one tick. */
const FLUSH_CHARS = 64 * 1024;

/**
 * Writes a run's log lines to stderr the way Kedro's plain logging reads
 * ("2026-11-29 10:00:00,123 - pipewright.runner - INFO - Completed 2 out of 4 tasks"). On a
 * terminal it keeps a live progress line under the log: n of N nodes, the running ones, elapsed.
 * Lines are buffered and written in one write per tick (or per 64 KiB), formatted only then; what
 * is still buffered when the process exits (a second Ctrl+C, a crash) is written by an exit hook,
 * since writes to a pipe or a file are synchronous.
 */
export class RunLogger {
  private buffer: Pending[] = [];
  private bufferedChars = 0;
  private flushScheduled = false;
  private readonly clock = new KedroClock();
  private exitHook: (() => void) | undefined;
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
        this.watchExit();
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
        this.line(event);
        break;
      case 'run-end':
        this.close();
        break;
    }
  };

  /** A line that is not a run event (the CLI's own messages). */
  message(level: LogLevel, text: string): void {
    this.line({ at: Date.now(), level, logger: 'pipewright.cli', message: text });
    this.flush(true);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush(true);
    if (this.exitHook) process.off('exit', this.exitHook);
    this.exitHook = undefined;
  }

  /** While a run goes, lines still buffered when the process exits are written on the way out. */
  private watchExit(): void {
    if (this.exitHook) return;
    this.exitHook = () => this.flush(true);
    process.on('exit', this.exitHook);
  }

  private line(line: Pending): void {
    this.buffer.push(line);
    this.bufferedChars += line.message.length;
    if (this.bufferedChars >= FLUSH_CHARS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The buffered lines as one text, in one pass. */
  private formatted(): string {
    let out = '';
    const clock = this.clock;
    if (this.tty) {
      for (const { at, level, message } of this.buffer)
        out += `${COLOURS[level]}[${clock.format(at).slice(11, 19)}] ${TTY_LEVELS[level]} ${message}${COLOURS[level] ? '\x1b[0m' : ''}\n`;
    } else {
      for (const { at, level, logger, message } of this.buffer)
        out += `${clock.format(at)} - ${logger ?? 'pipewright'} - ${LEVEL_NAMES[level]} - ${message}\n`;
    }
    return out;
  }

  private flush(final = false): void {
    this.flushScheduled = false;
    let out = '';
    if (this.progressShown) out += '\r\x1b[K';
    if (this.buffer.length) out += this.formatted();
    this.buffer = [];
    this.bufferedChars = 0;
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

import type { LogLevel } from '../../src-shared/run-events';

export type LogSink = (level: LogLevel, message: string, logger: string) => void;

/**
 * A named logger, Kedro style ("pipewright.runner.sequential_runner"). A runner points its logger at
 * the run's event stream for the length of the run; outside a run, messages go to the default sink.
 */
export class Logger {
  private static defaultSink: LogSink | undefined;
  sink: LogSink | undefined;

  constructor(readonly name: string) {}

  static setDefaultSink(sink: LogSink | undefined): void {
    Logger.defaultSink = sink;
  }

  log(level: LogLevel, message: string): void {
    (this.sink ?? Logger.defaultSink)?.(level, message, this.name);
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

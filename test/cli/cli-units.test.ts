import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseLoadVersions, parseParams, splitNames } from '../../src-main/cli/parse-options';
import { resumeCommand } from '../../src-main/cli/commands/run';
import { RunLogger } from '../../src-main/cli/run-logger';

class Capture extends Writable {
  text = '';
  isTTY: boolean;
  columns = 120;
  constructor(tty: boolean) {
    super();
    this.isTTY = tty;
  }
  _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

describe('option parsing', () => {
  it('--params types values like YAML scalars and nests dotted keys', () => {
    expect(parseParams('a=1,b.c=0.5,d=true,e=,f=1a,b.g=x')).toEqual({
      a: 1,
      b: { c: 0.5, g: 'x' },
      d: true,
      e: null,
      f: '1a',
    });
    expect(() => parseParams('a')).toThrow(/must contain a key and a value/);
    expect(() => parseParams('=1')).toThrow(/empty string/);
  });

  it('node lists split on commas outside brackets', () => {
    expect(splitNames('a, b,,two([A,B]) -> [C]')).toEqual(['a', 'b', 'two([A,B]) -> [C]']);
  });

  it('--load-versions splits on the first colon and refuses path separators', () => {
    expect(parseLoadVersions('m:2026-01-01T00.00.00.000Z')).toEqual({ m: '2026-01-01T00.00.00.000Z' });
    expect(() => parseLoadVersions('m')).toThrow(/dataset:YYYY/);
    expect(() => parseLoadVersions('m:../x')).toThrow(/not allowed/);
  });

  it('the resume command keeps the previous flags and replaces the node selection', () => {
    expect(
      resumeCommand(['run', '--pipeline', 'ds', '--nodes', 'x', '--json', '--params', 'a=b c'], ['n1', 'n2']),
    ).toBe(`pipewright run --pipeline ds --params 'a=b c' --from-nodes "n1,n2"`);
  });
});

describe('the run logger', () => {
  const events = (logger: RunLogger) => {
    logger.onEvent({
      type: 'run-start',
      runId: 'r',
      at: Date.now(),
      pipeline: 'p',
      runner: 'SequentialRunner',
      isAsync: false,
      maxWorkers: 1,
      nodes: ['a', 'b'],
    });
    logger.onEvent({ type: 'node-start', at: Date.now(), node: 'a', worker: 'main' });
    logger.onEvent({
      type: 'log',
      at: Date.now(),
      level: 'info',
      message: 'Running node: a',
      logger: 'pipewright.pipeline.node',
    });
  };

  it('writes Kedro-style plain lines when stderr is not a terminal', async () => {
    const err = new Capture(false);
    const logger = new RunLogger({ stdout: new Capture(false), stderr: err, cwd: '.', env: {} });
    events(logger);
    logger.close();
    expect(err.text).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - pipewright\.pipeline\.node - INFO - Running node: a\n$/,
    );
  });

  it('keeps a live progress line on a terminal: n of N nodes and the running ones', async () => {
    const err = new Capture(true);
    const logger = new RunLogger({ stdout: new Capture(false), stderr: err, cwd: '.', env: {} });
    events(logger);
    await new Promise((r) => setImmediate(r));
    expect(err.text).toContain('Running node: a');
    expect(err.text).toMatch(/0 of 2 nodes · \d+\.\ds · running: a/);
    logger.onEvent({ type: 'run-end', at: Date.now(), status: 'success', freeOutputs: [] });
    expect(err.text.endsWith('\r\x1b[K')).toBe(true);
  });
});

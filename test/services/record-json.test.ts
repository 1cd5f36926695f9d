// The ring's records are JSON; a log event is written field by field (eventJson). Whatever its text, it must
// parse to what JSON.stringify would have given, through a real ring.
import { describe, expect, it } from 'vitest';
import type { LogEvent, RunEvent } from '../../src-shared/run-events';
import { RingReader, RingWriter, newRing } from '../../src-main/services/run-thread/event-ring';
import { eventJson } from '../../src-main/services/run-thread/record-json';
import { drainAll } from './drain-all';

const logs: LogEvent[] = [
  {
    type: 'log',
    at: 1796471700254,
    level: 'info',
    message: 'Loading data from d1 (MemoryDataset)...',
    node: 'n0',
    logger: 'pipewright.io.data_catalog',
  },
  {
    type: 'log',
    at: 1796471700255,
    level: 'info',
    message: 'Completed 1 out of 4 tasks',
    node: undefined,
    logger: 'pipewright.runner',
  },
  { type: 'log', at: 1, level: 'warning', message: 'no logger, no node' },
  {
    type: 'log',
    at: 2,
    level: 'error',
    message: 'quotes " and \\ backslash,\nnew line\ttab \u0000 nul',
    node: 'n"1',
    logger: 'a\\b',
  },
  {
    type: 'log',
    at: 3,
    level: 'info',
    message: 'ü€😀 — and a lone surrogate \ud800 here',
    node: 'nœud',
    logger: 'console',
  },
];

describe('ring record JSON', () => {
  it('a log event reads back as JSON.stringify would give it, whatever its text', () => {
    for (const event of logs) expect(JSON.parse(eventJson(event))).toEqual(JSON.parse(JSON.stringify(event)));
  });

  it('other events, and a log event whose time is not a number, go through JSON.stringify unchanged', () => {
    const others: RunEvent[] = [
      { type: 'node-start', at: 5, node: 'n0', worker: 'main' },
      { type: 'log', at: Number.NaN, level: 'info', message: 'm' },
    ];
    for (const event of others) expect(eventJson(event)).toBe(JSON.stringify(event));
  });

  it('a log event some code made with a field that is not text still reads back (through JSON.stringify)', () => {
    const odd = [
      { type: 'log', at: 4, message: 'no level' },
      { type: 'log', at: 5, level: 'info', message: 42 },
      { type: 'log', at: 6, level: 'info', message: 'm', node: 7, logger: null },
    ] as unknown as RunEvent[];
    for (const event of odd) expect(JSON.parse(eventJson(event))).toEqual(JSON.parse(JSON.stringify(event)));
  });

  it('an event written alone reads back as the record { k: "event", event } would, across the end of the ring', () => {
    const ring = newRing(4096);
    const writer = new RingWriter(ring, () => undefined);
    const reader = new RingReader(ring);
    const events: RunEvent[] = [
      ...logs,
      { type: 'node-start', at: 5, node: 'nœud', worker: 'main' },
      { type: 'node-queued', at: 6, node: 'n"0' },
    ];
    const expected: unknown[] = [];
    const read: unknown[] = [];
    for (let round = 0; round < 40; round++) {
      for (const [i, event] of events.entries()) {
        if ((round + i) % 4) writer.writeEvent(event);
        else writer.write({ k: 'event', event });
        expected.push({ k: 'event', event });
      }
      if (round % 3 === 0) {
        writer.write({ k: 'hang' });
        expected.push({ k: 'hang' });
      }
      read.push(...drainAll(reader));
    }
    expect(read).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('through the ring, log events and others come back in order and equal', () => {
    const ring = newRing(4096);
    const writer = new RingWriter(ring, () => undefined);
    const reader = new RingReader(ring);
    const written = [...logs, ...logs].map((event, i) => (i % 3 ? { k: 'event', event } : { k: 'other', i }));
    const read: unknown[] = [];
    for (const record of written) {
      writer.write(record);
      read.push(...drainAll(reader));
    }
    expect(read).toEqual(JSON.parse(JSON.stringify(written)));
  });
});

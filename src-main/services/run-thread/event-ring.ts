// A one-writer, one-reader queue of JSON records in shared memory, between the run's thread (the
// writer) and the CLI's main thread (the reader). What the writer wrote is readable at once, even
// while the writer's thread is stuck in a node that computes for ever, and after it is terminated:
// a Ctrl+C that ends a busy run loses no event. The reader is woken by one message per batch, and
// decodes and parses a batch a slice of records at a time (records are JSON texts, each followed by
// a comma).

import type { RunEvent } from '../../../src-shared/run-events';
import { eventJson } from './record-json';

const WRITE = 0; // bytes written since the start (wraps as an Int32)
const READ = 1; // bytes read since the start
const WAKE = 2; // 1 while a wake message is on its way to the reader
const FLAG = 3; // set once by the writer (see RingWriter.raiseFlag)
const HEADER_BYTES = 16;
const NOTHING = new Uint8Array(0);
const COMMA_ONLY = Buffer.from(',');
const EVENT_OPEN = Buffer.from('{"k":"event","event":');
const EVENT_CLOSE = Buffer.from('},');

export function newRing(capacity = 8 * 2 ** 20): SharedArrayBuffer {
  if (capacity & (capacity - 1)) throw new Error('The ring capacity must be a power of two.');
  return new SharedArrayBuffer(HEADER_BYTES + capacity);
}

/** Puts `open`, `json` and `close` at `at` in `into`, which has room for them; returns the bytes put. */
function encode(into: Buffer, at: number, open: Uint8Array, json: string, close: Uint8Array): number {
  if (open.length) into.set(open, at);
  let length = open.length;
  length += into.write(json, at + length, 'utf8');
  into.set(close, at + length);
  return length + close.length;
}

class RingView {
  protected readonly header: Int32Array;
  protected readonly data: Buffer;
  protected readonly mask: number;

  constructor(ring: SharedArrayBuffer) {
    this.header = new Int32Array(ring, 0, HEADER_BYTES / 4);
    this.data = Buffer.from(ring, HEADER_BYTES);
    this.mask = this.data.length - 1;
  }
}

export class RingWriter extends RingView {
  private scratch = Buffer.allocUnsafe(64 * 1024);

  /** `wake` tells the reader there is something to read (a message to its thread). */
  constructor(
    ring: SharedArrayBuffer,
    private readonly wake: () => void,
  ) {
    super(ring);
  }

  write(record: unknown): void {
    this.put(NOTHING, JSON.stringify(record), COMMA_ONLY);
  }

  /** `write({ k: 'event', event })`, the same bytes, without the record around the event. */
  writeEvent(event: RunEvent): void {
    this.put(EVENT_OPEN, eventJson(event), EVENT_CLOSE);
  }

  /** Writes `open`, `json` in UTF-8, then `close` (which ends with the comma) as one record. */
  private put(open: Uint8Array, json: string, close: Uint8Array): void {
    const capacity = this.data.length;
    const most = open.length + json.length * 3 + close.length; // UTF-8 bytes at most
    if (most > capacity / 2) throw new Error(`A run event of ${json.length} characters does not fit the event ring.`);
    const w = Atomics.load(this.header, WRITE);
    // Full: wait for the reader (woken first) to make room.
    for (
      let r = Atomics.load(this.header, READ);
      capacity - ((w - r) | 0) < most;
      r = Atomics.load(this.header, READ)
    ) {
      this.signal(true);
      Atomics.wait(this.header, READ, r, 50);
    }
    const at = w & this.mask;
    let length: number;
    if (capacity - at >= most) {
      length = encode(this.data, at, open, json, close);
    } else {
      // Across the end of the ring: encoded aside, copied in two parts.
      if (most > this.scratch.length) this.scratch = Buffer.allocUnsafe(most);
      length = encode(this.scratch, 0, open, json, close);
      const first = Math.min(length, capacity - at);
      this.scratch.copy(this.data, at, 0, first);
      if (first < length) this.scratch.copy(this.data, 0, first, length);
    }
    Atomics.store(this.header, WRITE, (w + length) | 0);
    this.signal(false);
  }

  /** Tells a reader waiting in `waitForFlag` that what it waits for is written. */
  raiseFlag(): void {
    Atomics.store(this.header, FLAG, 1);
    Atomics.notify(this.header, FLAG);
  }

  private signal(force: boolean): void {
    if (Atomics.compareExchange(this.header, WAKE, 0, 1) === 0 || force) this.wake();
  }
}

/** Records are parsed about this many bytes at a time (see RingReader.drainEach). */
const SLICE_BYTES = 64 * 1024;
/**
 * The bytes between two of the run thread's records ({"k":...} objects), where a slice may end.
 * The same bytes inside a record (an array of objects whose first key is "k") end a slice that
 * does not parse: that slice is joined to the next and parsed again, so any text stays correct.
 */
const BETWEEN = Buffer.from('},{"k":"');

export class RingReader extends RingView {
  private draining = false;

  constructor(
    ring: SharedArrayBuffer,
    private readonly sliceBytes = SLICE_BYTES,
  ) {
    super(ring);
  }

  /** Blocks this thread until the writer raises its flag, or `ms` pass; true if it was raised. */
  waitForFlag(ms: number): boolean {
    return Atomics.wait(this.header, FLAG, 0, ms) !== 'timed-out';
  }

  /**
   * Hands the records written since the last call to `each`, in order (call it on each wake, and
   * once the writer is gone), a slice of about `sliceBytes` at a time: what one slice parsed into
   * is done with before the next is parsed, so a large batch is never alive as a whole (for the
   * garbage collector to copy), and the writer gets room as each slice is read. A call from within
   * `each` reads nothing: the outer call reads on.
   */
  drainEach(each: (records: unknown[]) => void): void {
    if (this.draining) return;
    Atomics.store(this.header, WAKE, 0);
    const r = Atomics.load(this.header, READ);
    const w = Atomics.load(this.header, WRITE);
    const length = (w - r) | 0;
    if (!length) return;
    const at = r & this.mask;
    const first = Math.min(length, this.data.length - at);
    // Across the end of the ring: copied out in one piece.
    const bytes =
      first === length
        ? this.data.subarray(at, at + length)
        : Buffer.concat([this.data.subarray(at, at + first), this.data.subarray(0, length - first)]);
    this.draining = true;
    try {
      let start = 0;
      let carried = '';
      while (start < length) {
        let end = length - 1; // the last record's comma
        if (end - start > this.sliceBytes) {
          const between = bytes.indexOf(BETWEEN, start + this.sliceBytes);
          if (between !== -1) end = between + 1;
        }
        const text = bytes.toString('utf8', start, end);
        start = end + 1;
        Atomics.store(this.header, READ, (r + start) | 0);
        Atomics.notify(this.header, READ);
        const json = carried ? `${carried},${text}` : text;
        let records: unknown[];
        try {
          records = JSON.parse(`[${json}]`) as unknown[];
        } catch (err) {
          if (start >= length) throw err;
          carried = json;
          continue;
        }
        carried = '';
        each(records);
      }
    } finally {
      this.draining = false;
    }
  }
}

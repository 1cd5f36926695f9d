import type { RingReader } from '../../src-main/services/run-thread/event-ring';

/** Every record the ring holds, in order, in one array (what `drainEach` hands over slice by slice). */
export function drainAll(reader: RingReader): unknown[] {
  const all: unknown[] = [];
  reader.drainEach((records) => all.push(...records));
  return all;
}

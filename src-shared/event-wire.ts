// The text of one pushed message of serve's event stream (an AppEventBatch), written by the host and
// read by the page. A 1,000-node run reports about 10,000 events, half of them log lines; as plain
// AppEvents each repeats its run's channel and id and every log field's name, about 40 % of the
// text, which the host encodes, the browser carries and the page's EventSource and JSON.parse read
// while the run's own thread needs the CPU. Here a run's consecutive events travel under its id
// once, and a log event as a tuple. Decoding gives back the very AppEvents that were encoded.
import type { AppEvent } from './api-types';
import type { AppEventBatch } from './contract';
import type { LogEvent, RunEvent } from './run-events';

/** The query parameter with which a client of serve's event stream asks for this form (`?form=compact`). */
export const COMPACT_EVENTS_QUERY = { name: 'form', value: 'compact' } as const;

/** A log event on the wire: at, level, message, then node and logger (null when absent, trailing ones left out). */
type WireLog = [number, LogEvent['level'], string, (string | null)?, (string | null)?];
/** A run's consecutive events: its id once. */
interface WireRun {
  run: string;
  events: Array<RunEvent | WireLog>;
}
type WireItem = AppEvent | WireRun;

export function encodeEventBatch(batch: AppEventBatch): string {
  const items: WireItem[] = [];
  let group: WireRun | undefined;
  for (const event of batch) {
    if (event.channel !== 'run') {
      items.push(event);
      group = undefined;
      continue;
    }
    if (group?.run !== event.runId) items.push((group = { run: event.runId, events: [] }));
    const e = event.event;
    group.events.push(e.type === 'log' && plainLog(e) ? logTuple(e) : e);
  }
  return JSON.stringify(items);
}

/** The events of a message's text: this module's form, a plain AppEvent array, or one AppEvent. */
export function decodeEventBatch(text: string): AppEvent[] {
  const parsed = JSON.parse(text) as WireItem | WireItem[];
  const out: AppEvent[] = [];
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    if (!isWireRun(item)) {
      out.push(item);
      continue;
    }
    const runId = item.run;
    for (const e of item.events) out.push({ channel: 'run', runId, event: Array.isArray(e) ? logEvent(e) : e });
  }
  return out;
}

function isWireRun(item: WireItem): item is WireRun {
  return typeof (item as WireRun).run === 'string' && Array.isArray((item as WireRun).events);
}

/** A log event with no field beyond those the tuple carries (a field added later travels as it is). */
function plainLog(e: LogEvent): boolean {
  for (const key in e) if (!LOG_FIELDS.has(key)) return false;
  return true;
}
const LOG_FIELDS = new Set(['type', 'at', 'level', 'message', 'node', 'logger']);

function logTuple(e: LogEvent): WireLog {
  if (e.logger !== undefined) return [e.at, e.level, e.message, e.node ?? null, e.logger];
  if (e.node !== undefined) return [e.at, e.level, e.message, e.node];
  return [e.at, e.level, e.message];
}

function logEvent([at, level, message, node, logger]: WireLog): LogEvent {
  const e: LogEvent = { type: 'log', at, level, message };
  if (node != null) e.node = node;
  if (logger != null) e.logger = logger;
  return e;
}

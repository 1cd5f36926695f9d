// The JSON text of an event written to the event ring. A log event, five of every ten events a
// node reports, is written field by field: cheaper than JSON.stringify's walk of the object, and
// the same JSON once parsed. Every other event (and every other record) goes through JSON.stringify.
import type { LogEvent, RunEvent } from '../../../src-shared/run-events';
import { quoteOften } from '../../../src-shared/quote-often';

const q = JSON.stringify;

/** The JSON of an event, as JSON.stringify gives it once parsed. */
export function eventJson(event: RunEvent): string {
  return isPlainLog(event) ? logJson(event) : q(event);
}

/** A log event as the engine makes it: a number for its time, text (or nothing) in its other fields. */
function isPlainLog(event: RunEvent): event is LogEvent {
  return (
    event.type === 'log' &&
    Number.isFinite(event.at) &&
    typeof event.level === 'string' &&
    typeof event.message === 'string' &&
    (event.node === undefined || typeof event.node === 'string') &&
    (event.logger === undefined || typeof event.logger === 'string')
  );
}

function logJson(event: LogEvent): string {
  let json = `{"type":"log","at":${event.at},"level":${quoteOften(event.level)},"message":${q(event.message)}`;
  if (event.node !== undefined) json += `,"node":${q(event.node)}`;
  if (event.logger !== undefined) json += `,"logger":${quoteOften(event.logger)}`;
  return `${json}}`;
}

// The JSON text of a record written to the event ring. A log event, five of every ten events a
// node reports, is written field by field: cheaper than JSON.stringify's walk of two objects, and
// the same JSON once parsed. Every other record goes through JSON.stringify.
import type { LogEvent } from '../../../src-shared/run-events';

const q = JSON.stringify;

export function recordJson(record: unknown): string {
  const event = (record as { k?: unknown; event?: LogEvent }).event;
  if ((record as { k?: unknown }).k !== 'event' || event?.type !== 'log' || !Number.isFinite(event.at))
    return q(record);
  let json = `{"k":"event","event":{"type":"log","at":${event.at},"level":${q(event.level)},"message":${q(event.message)}`;
  if (event.node !== undefined) json += `,"node":${q(event.node)}`;
  if (event.logger !== undefined) json += `,"logger":${q(event.logger)}`;
  return `${json}}}`;
}

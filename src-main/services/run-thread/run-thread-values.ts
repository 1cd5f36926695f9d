// The values a run's thread hands back to the app once the run is over: the memory datasets and
// free outputs the app previews. They cross once, at the end, with the pool's codec (tables stay
// tables, large binaries are transferred); a value that cannot cross is named, not sent.
import type { MessagePort } from 'node:worker_threads';
import { decodeValues, encodeValues, findUnclonable, type Encoded } from '../../engine/pool/codec';
import { errorMessage } from '../../engine/errors';
import type { RunThreadValues } from './run-thread-records';

const TARGET = "the app's main thread";

export function sendValues(port: MessagePort, kept: Map<string, unknown>): void {
  const left: Record<string, string> = {};
  const encoded: Encoded = { values: {}, transfer: [], files: [] };
  for (const [name, value] of kept) {
    try {
      const one = encodeValues({ [name]: value }, { canTransfer: true, owned: false, target: TARGET });
      encoded.values[name] = one.values[name];
      encoded.transfer.push(...one.transfer);
    } catch (error) {
      left[name] = errorMessage(error);
    }
  }
  for (;;) {
    try {
      const message: RunThreadValues = { k: 'values', values: encoded.values, left };
      return port.postMessage(message, encoded.transfer);
    } catch (error) {
      // What the codec let through that postMessage refuses (deep inside a large value): left out by name.
      const name = findUnclonable(encoded.values);
      if (name === undefined) throw error;
      left[name] = `Dataset '${name}' holds a value that cannot cross to ${TARGET}.`;
      delete encoded.values[name];
    }
  }
}

export function receivedValues(message: RunThreadValues): Map<string, unknown> {
  return new Map(Object.entries(decodeValues(message.values)));
}

// The values a run's thread hands back to the app: through a real MessageChannel, with the pool's codec.
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { receivedValues, sendValues } from '../../src-main/services/run-thread/run-thread-values';
import type { RunThreadValues } from '../../src-main/services/run-thread/run-thread-records';

it('sends what can cross, and names what cannot instead of failing the others', () => {
  const { port1, port2 } = new MessageChannel();
  const bytes = new Uint8Array(2 << 20).fill(7); // large: transferred, not copied into the message
  const kept = new Map<string, unknown>([
    ['rows', [{ a: 1 }, { a: 2 }]],
    ['lookup', new Map([['k', new Set([1, 2])]])],
    ['blob', bytes],
    ['callback', () => 1],
  ]);
  sendValues(port1, kept);
  const message = receiveMessageOnPort(port2)!.message as RunThreadValues;
  const values = receivedValues(message);
  expect(values.get('rows')).toEqual([{ a: 1 }, { a: 2 }]);
  expect(values.get('lookup')).toEqual(new Map([['k', new Set([1, 2])]]));
  expect((values.get('blob') as Uint8Array).length).toBe(2 << 20);
  expect((values.get('blob') as Uint8Array)[5]).toBe(7);
  expect(values.has('callback')).toBe(false);
  expect(message.left.callback).toMatch(/Dataset 'callback' holds a function/);
  port1.close();
  port2.close();
});

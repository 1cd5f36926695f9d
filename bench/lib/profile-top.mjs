#!/usr/bin/env node
// Summarises a .cpuprofile (node --cpu-prof, or Chromium's Profiler): the functions with the most
// self time, and the share of samples that were not idle. `node bench/lib/profile-top.mjs FILE [N]`.
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map();
for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
const self = new Map();
let total = 0;
let idle = 0;
for (const [id, count] of counts) {
  const { callFrame } = byId.get(id);
  total += count;
  if (callFrame.functionName === '(idle)' || callFrame.functionName === '(program)') idle += count;
  const url = callFrame.url.split('/').slice(-2).join('/');
  const key = `${callFrame.functionName || '(anonymous)'} ${url}:${callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + count);
}
const ms = (profile.endTime - profile.startTime) / 1000;
console.log(`${file}: ${ms.toFixed(0)} ms, ${total} samples, ${(100 * (1 - idle / total)).toFixed(1)} % busy`);
for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
  console.log(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${key}`);

#!/usr/bin/env node
// Summarises a Chromium trace (browser.startTracing, DevTools' Performance panel): per process and
// thread, the busy time (top-level trace events' wall time) and the event names with the most self time.
// `node bench/lib/trace-top.mjs FILE [N]`.
import { readFileSync } from 'node:fs';

const [file, top = '8'] = process.argv.slice(2);
const trace = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(trace) ? trace : trace.traceEvents;
const names = new Map();
for (const e of events)
  if (e.ph === 'M' && (e.name === 'process_name' || e.name === 'thread_name'))
    names.set(e.name === 'process_name' ? `p${e.pid}` : `t${e.pid}.${e.tid}`, e.args.name);
const threads = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  const key = `${e.pid}.${e.tid}`;
  let t = threads.get(key);
  if (!t) threads.set(key, (t = { pid: e.pid, tid: e.tid, list: [] }));
  t.list.push(e);
}
const rows = [];
for (const t of threads.values()) {
  // Nested events: each name gets its self time (its wall time less its children's).
  t.list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  let busy = 0;
  const byName = new Map();
  const self = (e, us) => byName.set(e.name, (byName.get(e.name) ?? 0) + us);
  for (const e of t.list) {
    while (stack.length && e.ts >= stack.at(-1).ts + stack.at(-1).dur) stack.pop();
    const parent = stack.at(-1);
    if (parent) self(parent, -Math.min(e.dur, parent.ts + parent.dur - e.ts));
    else busy += e.dur;
    self(e, e.dur);
    stack.push(e);
  }
  rows.push({ t, busy, byName });
}
rows.sort((a, b) => b.busy - a.busy);
for (const { t, busy, byName } of rows.slice(0, 12)) {
  const label = `${names.get(`p${t.pid}`) ?? t.pid} / ${names.get(`t${t.pid}.${t.tid}`) ?? t.tid}`;
  console.log(`${(busy / 1000).toFixed(1).padStart(8)} ms  ${label}`);
  for (const [name, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
    console.log(`${(us / 1000).toFixed(1).padStart(14)} ms  ${name}`);
}

import type { HistoryRunDetail, HistoryRunSummary } from '../../../src-shared/history-types';

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, "14:05:09". */
const clock = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/** Local time with its offset, so a time read from another zone or a log is never ambiguous: "2026-03-01 14:05:09 +01:00", or "... UTC". */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const zone =
    offset === 0
      ? 'UTC'
      : `${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(d)} ${zone}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `pipewright runs`: newest first. */
export function formatRunsTable(runs: HistoryRunSummary[]): string {
  if (!runs.length) return 'No runs recorded yet. Start one with `pipewright run`.\n';
  const rows = [['RUN ID', 'STATUS', 'PIPELINE', 'RUNNER', 'STARTED', 'DURATION', 'NODES']];
  for (const r of runs) {
    rows.push([
      r.runId,
      r.status,
      r.pipeline,
      r.runner + (r.isAsync ? ' (async)' : ''),
      formatTime(r.startedAt),
      formatDuration(r.endedAt !== null ? r.endedAt - r.startedAt : null),
      `${r.nodesDone}/${r.nodeCount}${r.nodesFailed ? ` (${r.nodesFailed} failed)` : ''}`,
    ]);
  }
  return `${table(rows)}\n`;
}

/** `pipewright show RUN_ID`. */
export function formatRunDetail(run: HistoryRunDetail, resumeCommand?: string): string {
  const out: string[] = [];
  out.push(`Run ${run.runId}: ${run.status}`);
  out.push(`  pipeline   ${run.pipeline}`);
  out.push(
    `  runner     ${run.runner}${run.isAsync ? ' (async)' : ''}${run.maxWorkers ? `, max workers ${run.maxWorkers}` : ''}`,
  );
  out.push(
    `  started    ${formatTime(run.startedAt)}, took ${formatDuration(run.endedAt !== null ? run.endedAt - run.startedAt : null)}`,
  );
  out.push(`  env        ${run.env}${run.gitCommit ? `, git ${run.gitCommit.slice(0, 12)}` : ''}`);
  const { pipeline: _p, runner: _r, isAsync: _a, maxWorkers: _m, params, ...options } = run.request;
  if (Object.keys(options).length) out.push(`  options    ${JSON.stringify(options)}`);
  if (params && Object.keys(params).length) out.push(`  --params   ${JSON.stringify(params)}`);
  out.push(`  parameters ${run.parameters ? JSON.stringify(run.parameters) : '(not recorded)'}`);
  if (run.resumeOf) out.push(`  resumes    ${run.resumeOf}`);
  if (run.commandLine) out.push(`  command    ${run.commandLine}`);
  out.push('', 'Nodes:');
  const rows = [['NODE', 'STATUS', 'WORKER', 'LOAD', 'COMPUTE', 'SAVE']];
  for (const n of run.nodes) {
    rows.push([
      n.name,
      n.status,
      n.worker ?? '-',
      formatDuration(n.loadMs),
      formatDuration(n.computeMs),
      formatDuration(n.saveMs),
    ]);
  }
  out.push(table(rows).replace(/^/gm, '  '));
  const failed = run.nodes.filter((n) => n.error);
  for (const n of failed) {
    out.push('', `Node '${n.name}' ${n.status}: ${n.error!.message}`);
    if (n.error!.stack) out.push(n.error!.stack.replace(/^/gm, '    '));
  }
  if (run.error && !failed.length) out.push('', `Error: ${run.error.message}`);
  if (run.outputs.length) {
    out.push('', 'Persisted outputs:');
    for (const o of run.outputs) {
      out.push(
        `  ${o.dataset} (${o.datasetType})${o.path ? ` ${o.path}` : ''}${o.version ? ` version ${o.version}` : ''}`,
      );
    }
  }
  if (resumeCommand) out.push('', `Resume with:\n  ${resumeCommand}`);
  const logs = run.logs.slice(-15);
  if (logs.length) {
    out.push('', `Last ${logs.length} of ${run.logs.length} log lines:`);
    for (const l of logs)
      out.push(`  ${clock(new Date(l.at))} ${l.level.toUpperCase().padEnd(7)} ${l.message.split('\n')[0]}`);
  }
  return `${out.join('\n')}\n`;
}

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PipewrightError } from '../../engine/errors';
import type { History } from '../../history';
import { ObjectStore, readStoreConfig, type ExportedRows, type StoredObject } from '../../store';
import type { CliIO } from '../cli-io';

export class OutputNotKeptError extends PipewrightError {}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const toCsv = (doc: ExportedRows) =>
  [doc.columns.map((c) => csvCell(c.name)).join(','), ...doc.rows.map((r) => r.map(csvCell).join(','))].join('\n') +
  '\n';

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split(sep).join('/'))
    .sort();
}

const isText = (bytes: Buffer) => !bytes.subarray(0, 8192).includes(0);

/**
 * `pipewright show RUN_ID --output NAME [--to FILE]`: a past run's output as that run wrote it,
 * from the object store; printed (text, a folder's listing, a table's rows as CSV) or restored.
 */
export function showOutput(
  history: History,
  root: string,
  runId: string,
  name: string,
  to: string | undefined,
  io: CliIO,
): void {
  const record = history.fingerprints.datasetOfRun(runId, name);
  if (!record || record.kind !== 'save') {
    const saved = history.fingerprints
      .datasetsOfRun(runId)
      .filter((d) => d.kind === 'save')
      .map((d) => d.dataset);
    throw new OutputNotKeptError(
      `Run ${runId} saved no output named '${name}'. ${saved.length ? `It saved: ${saved.join(', ')}.` : 'It recorded no saved outputs (a run before fingerprints, or one that saved nothing to files or tables).'}`,
    );
  }
  const fingerprint = `fingerprint ${record.hash}, ${record.bytes} bytes${record.rows !== null ? `, ${record.rows} rows` : ''}`;
  if (record.kept === 'too-large')
    throw new OutputNotKeptError(`Output '${name}' of run ${runId} was too large to keep (${fingerprint}).`);
  const store = new ObjectStore(root, readStoreConfig(root));
  const object = store.get(record.hash);
  if (!object)
    throw new OutputNotKeptError(
      `Output '${name}' of run ${runId} is no longer kept: it was evicted from ${relative(root, store.dir) || store.dir} (${fingerprint}).`,
    );
  if (to) restore(object, resolve(io.cwd, to), name, runId, io);
  else print(object, name, io);
}

function restore(object: StoredObject, target: string, name: string, runId: string, io: CliIO): void {
  if (existsSync(target) && object.kind === 'folder' && readdirSync(target).length)
    throw new OutputNotKeptError(`Will not restore the folder '${name}' into ${target}: it exists and is not empty.`);
  mkdirSync(dirname(target), { recursive: true });
  if (object.kind === 'rows') {
    const doc = JSON.parse(readFileSync(object.path, 'utf8')) as ExportedRows;
    const objects = doc.rows.map((r) => Object.fromEntries(doc.columns.map((c, i) => [c.name, r[i]])));
    writeFileSync(target, target.endsWith('.csv') ? toCsv(doc) : `${JSON.stringify(objects, null, 2)}\n`);
  } else cpSync(object.path, target, { recursive: object.kind === 'folder' });
  io.stdout.write(`Restored output '${name}' of run ${runId} to ${target}\n`);
}

function print(object: StoredObject, name: string, io: CliIO): void {
  if (object.kind === 'rows') {
    io.stdout.write(toCsv(JSON.parse(readFileSync(object.path, 'utf8')) as ExportedRows));
  } else if (object.kind === 'folder') {
    for (const f of filesOf(object.path)) io.stdout.write(`${f}\t${statSync(join(object.path, f)).size} bytes\n`);
  } else {
    const bytes = readFileSync(object.path);
    if (!isText(bytes))
      throw new OutputNotKeptError(
        `Output '${name}' is binary (${bytes.length} bytes): restore it to a file with --to FILE.`,
      );
    io.stdout.write(bytes);
  }
}

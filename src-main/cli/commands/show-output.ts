import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PipewrightError, errorMessage } from '../../engine/errors';
import type { History } from '../../history';
import type { DatasetFingerprintRecord } from '../../history/fingerprint-queries';
import { ObjectStore, readStoreConfig, type ExportedRows, type StoredObject } from '../../store';
import { loadProject } from '../../project/load-project';
import { previewStoredOutput } from '../../services/stored-output-preview';
import type { CliIO } from '../cli-io';
import { csvCell, previewText, SHOWN_ROWS } from './show-output-text';

export class OutputNotKeptError extends PipewrightError {}

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
 * from the object store; printed (text, a folder's listing, a table's rows as CSV, a binary file
 * read through its dataset type) or restored byte for byte.
 */
export async function showOutput(
  history: History,
  root: string,
  runId: string,
  name: string,
  to: string | undefined,
  io: CliIO,
): Promise<void> {
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
  else if (object.kind === 'file' && !isText(readHead(object.path))) await printBinary(history, root, record, io);
  else print(object, name, io);
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(8192);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** A binary file (Pickle, Parquet, Excel, an image…) read through the dataset type that wrote it. */
async function printBinary(history: History, root: string, record: DatasetFingerprintRecord, io: CliIO): Promise<void> {
  const run = history.getRun(record.runId);
  const output = run?.outputs.find((o) => o.dataset === record.dataset);
  let project;
  let notLoaded = '';
  try {
    project = await loadProject(root, { env: run?.env === 'local' ? undefined : run?.env, onWarning: () => undefined });
  } catch (err) {
    notLoaded = ` The project did not load: ${errorMessage(err)}`;
  }
  const preview = await previewStoredOutput(
    root,
    project,
    record,
    output?.datasetType,
    { dataset: record.dataset, source: 'run', runId: record.runId },
    { offset: 0, limit: SHOWN_ROWS },
  );
  if (!preview || preview.kind === 'unsupported' || preview.kind === 'empty' || preview.note)
    throw new OutputNotKeptError(
      `Output '${record.dataset}' is binary (${record.bytes} bytes) and cannot be printed${preview?.note ? ` (${preview.note.replace(/\.$/, '')})` : ''}: restore it to a file with --to FILE.${notLoaded}`,
    );
  const { out, footer } = previewText(preview, record.dataset);
  io.stdout.write(out);
  if (footer) io.stderr.write(`${footer}\n`);
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

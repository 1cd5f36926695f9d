import { existsSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { HistoryError } from './errors';

/**
 * The schema, one numbered step at a time. A step is never edited once released: a newer app
 * opens an older history by applying the steps it lacks, each in its own transaction, and
 * PRAGMA user_version records how far a file has come.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; description: string; sql: string }> = [
  {
    version: 1,
    description: 'runs and their nodes',
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        project_root TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        runner TEXT NOT NULL,
        is_async INTEGER NOT NULL DEFAULT 0,
        max_workers INTEGER,
        filters TEXT NOT NULL DEFAULT '{}',
        params TEXT NOT NULL DEFAULT '{}',
        env TEXT,
        git_commit TEXT,
        command_line TEXT,
        pid INTEGER,
        hostname TEXT,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        status TEXT NOT NULL,
        error TEXT,
        resume_from TEXT
      );
      CREATE INDEX runs_by_start ON runs (started_at DESC);
      CREATE TABLE run_nodes (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        status TEXT NOT NULL,
        worker TEXT,
        started_at INTEGER,
        ended_at INTEGER,
        load_ms REAL,
        compute_ms REAL,
        save_ms REAL,
        error TEXT,
        PRIMARY KEY (run_id, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'dataset loads and saves, log lines, heartbeats, resumed runs, node counters',
    sql: `
      ALTER TABLE runs ADD COLUMN heartbeat_at INTEGER;
      ALTER TABLE runs ADD COLUMN resume_of TEXT;
      ALTER TABLE runs ADD COLUMN node_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE runs ADD COLUMN nodes_done INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE runs ADD COLUMN nodes_failed INTEGER NOT NULL DEFAULT 0;
      UPDATE runs SET
        node_count = (SELECT count(*) FROM run_nodes WHERE run_id = runs.id),
        nodes_done = (SELECT count(*) FROM run_nodes WHERE run_id = runs.id AND status = 'done'),
        nodes_failed = (SELECT count(*) FROM run_nodes WHERE run_id = runs.id AND status = 'failed');
      CREATE INDEX runs_by_status ON runs (status, started_at DESC);
      CREATE INDEX runs_by_pipeline ON runs (pipeline, started_at DESC);
      CREATE TABLE dataset_io (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        node TEXT,
        dataset TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('load', 'save')),
        dataset_type TEXT NOT NULL,
        at INTEGER NOT NULL,
        ms REAL NOT NULL,
        size INTEGER,
        version TEXT,
        path TEXT
      );
      CREATE INDEX dataset_io_by_run ON dataset_io (run_id, kind);
      CREATE INDEX dataset_io_by_dataset ON dataset_io (dataset, kind, at DESC);
      CREATE TABLE run_logs (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        level TEXT NOT NULL,
        node TEXT,
        logger TEXT,
        message TEXT NOT NULL
      );
      CREATE INDEX run_logs_by_run ON run_logs (run_id, id);
    `,
  },
  {
    version: 3,
    description: 'the whole run request and the parameters the nodes saw',
    // Runs recorded before keep what they had: their options, filters and --params become their
    // request (--load-versions were not recorded); the merged parameters stay unknown (NULL).
    sql: `
      ALTER TABLE runs ADD COLUMN request TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE runs ADD COLUMN parameters TEXT;
      UPDATE runs SET request = json_object(
        'pipeline', pipeline,
        'runner', runner,
        'isAsync', json(CASE is_async WHEN 1 THEN 'true' ELSE 'false' END),
        'maxWorkers', max_workers,
        'nodes', json_extract(filters, '$.nodeNames'),
        'fromNodes', json_extract(filters, '$.fromNodes'),
        'toNodes', json_extract(filters, '$.toNodes'),
        'fromInputs', json_extract(filters, '$.fromInputs'),
        'toOutputs', json_extract(filters, '$.toOutputs'),
        'tags', json_extract(filters, '$.tags'),
        'namespace', json_extract(filters, '$.nodeNamespace'),
        'params', json(params)
      );
    `,
  },
  {
    version: 4,
    description: 'no index of loads and saves by dataset',
    // Nothing reads dataset_io by dataset, and that index took each new load and save at a
    // different page of a large history: most of the cost of recording them.
    sql: `DROP INDEX IF EXISTS dataset_io_by_dataset;`,
  },
  {
    version: 5,
    description: 'fingerprints of datasets and nodes',
    // Nodes recorded before have no fingerprint: a --changed run treats them as never run.
    sql: `
      ALTER TABLE run_nodes ADD COLUMN fingerprint TEXT;
      ALTER TABLE run_nodes ADD COLUMN fingerprint_parts TEXT;
      CREATE INDEX run_nodes_by_fingerprint ON run_nodes (name, ended_at DESC) WHERE fingerprint IS NOT NULL;
      CREATE TABLE dataset_fingerprints (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        dataset TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('load', 'save')),
        node TEXT,
        at INTEGER NOT NULL,
        hash TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        rows INTEGER,
        schema TEXT,
        path TEXT,
        version TEXT,
        kept TEXT,
        PRIMARY KEY (run_id, dataset, kind)
      ) WITHOUT ROWID;
      CREATE INDEX dataset_fingerprints_by_dataset ON dataset_fingerprints (dataset, at DESC);
    `,
  },
  {
    version: 6,
    description: 'when each node was queued (ready, waiting for a free worker)',
    sql: `ALTER TABLE run_nodes ADD COLUMN queued_at INTEGER;`,
  },
  {
    version: 7,
    description: "a run's log lines stored a batch per row",
    // One row per line was most of what recording a run cost. Runs recorded before keep their
    // lines in run_logs, which is still read for them.
    sql: `
      CREATE TABLE run_log_chunks (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        first_line INTEGER NOT NULL,
        line_count INTEGER NOT NULL,
        lines TEXT NOT NULL,
        PRIMARY KEY (run_id, first_line)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    description: "each node's last successful fingerprinted run, kept as it is recorded",
    // The index by node name this replaces took an insert per node into a tree as large as the
    // whole history, a run's inserts spread over it: recording got slower as the history grew.
    // This table has a row per node name; a trigger keeps it as the recorder writes run_nodes.
    sql: `
      DROP INDEX IF EXISTS run_nodes_by_fingerprint;
      CREATE TABLE node_last_success (
        name TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        ended_at INTEGER
      ) WITHOUT ROWID;
      INSERT INTO node_last_success (name, run_id, ended_at)
        SELECT name, run_id, max(ended_at) FROM run_nodes
        WHERE fingerprint IS NOT NULL AND status = 'done' GROUP BY name;
      CREATE TRIGGER node_last_success_on_update AFTER UPDATE ON run_nodes
        WHEN NEW.fingerprint IS NOT NULL AND NEW.status = 'done'
      BEGIN
        INSERT INTO node_last_success (name, run_id, ended_at) VALUES (NEW.name, NEW.run_id, NEW.ended_at)
          ON CONFLICT (name) DO UPDATE SET run_id = excluded.run_id, ended_at = excluded.ended_at
          WHERE node_last_success.ended_at IS NULL OR excluded.ended_at >= node_last_success.ended_at;
      END;
      CREATE TRIGGER node_last_success_on_insert AFTER INSERT ON run_nodes
        WHEN NEW.fingerprint IS NOT NULL AND NEW.status = 'done'
      BEGIN
        INSERT INTO node_last_success (name, run_id, ended_at) VALUES (NEW.name, NEW.run_id, NEW.ended_at)
          ON CONFLICT (name) DO UPDATE SET run_id = excluded.run_id, ended_at = excluded.ended_at
          WHERE node_last_success.ended_at IS NULL OR excluded.ended_at >= node_last_success.ended_at;
      END;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Where a file at schema `version` is copied before it is upgraded. */
export const backupFile = (file: string, version: number): string => `${file}.v${version}.bak`;

/**
 * Applies the steps a file lacks; refuses a file written by a newer Pipewright. A file that
 * already has a schema is first copied beside itself (once per old version), so that an upgrade,
 * or a bug in one, can never lose a history.
 */
export function migrate(db: BetterSqlite3.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new HistoryError(
      `The run history ${file} was written by a newer Pipewright (schema ${current}; this one knows up to ${SCHEMA_VERSION}). Update Pipewright to read it, or move the file away to start a new history.`,
    );
  }
  if (current === SCHEMA_VERSION) return;
  const backup = current > 0 ? backupBeforeUpgrade(db, file, current) : undefined;
  for (const step of MIGRATIONS) {
    if (step.version <= current) continue;
    try {
      // Re-read inside the write lock: another process may have migrated the file meanwhile.
      db.transaction(() => {
        if ((db.pragma('user_version', { simple: true }) as number) >= step.version) return;
        db.exec(step.sql);
        db.pragma(`user_version = ${step.version}`);
      }).immediate();
    } catch (err) {
      throw new HistoryError(
        `Could not upgrade the run history ${file} to schema ${step.version} (${step.description}): ${(err as Error).message}.${
          backup ? ` A copy of the file as it was is in ${backup}.` : ''
        }`,
        { cause: err },
      );
    }
  }
}

function backupBeforeUpgrade(db: BetterSqlite3.Database, file: string, version: number): string | undefined {
  if (file === ':memory:' || file === '') return undefined;
  const target = backupFile(file, version);
  if (existsSync(target)) return target;
  try {
    // A consistent copy even while other processes write, unlike copying the file and its WAL.
    db.prepare(`VACUUM INTO '${target.replace(/'/g, "''")}'`).run();
  } catch (err) {
    // Another process opening the same file at the same moment made the copy first.
    if (existsSync(target)) return target;
    throw new HistoryError(
      `Did not upgrade the run history ${file} from schema ${version}: could not copy it to ${target} first (${(err as Error).message}).`,
      { cause: err },
    );
  }
  return target;
}

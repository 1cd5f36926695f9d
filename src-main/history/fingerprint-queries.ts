import type BetterSqlite3 from 'better-sqlite3';
import type { ColumnSchema, NodeFingerprintParts } from '../../src-shared/run-events';

/** A node's last successful run, as a --changed run compares against it. */
export interface NodeRecord {
  runId: string;
  fingerprint: string;
  parts: NodeFingerprintParts;
  /** The persisted outputs it saved: dataset → content hash. */
  outputs: Record<string, string>;
}

/** One dataset's fingerprint as a run recorded it. */
export interface DatasetFingerprintRecord {
  runId: string;
  dataset: string;
  kind: 'load' | 'save';
  node: string | null;
  at: number;
  hash: string;
  bytes: number;
  rows: number | null;
  schema: ColumnSchema[] | null;
  path: string | null;
  version: string | null;
  /** How the store kept it (file, folder, rows), 'too-large', or null (not kept: a load, or before the store). */
  kept: 'file' | 'folder' | 'rows' | 'too-large' | null;
}

interface FingerprintRow {
  run_id: string;
  dataset: string;
  kind: 'load' | 'save';
  node: string | null;
  at: number;
  hash: string;
  bytes: number;
  rows: number | null;
  schema: string | null;
  path: string | null;
  version: string | null;
  kept: DatasetFingerprintRecord['kept'];
}

const toRecord = (r: FingerprintRow): DatasetFingerprintRecord => ({
  runId: r.run_id,
  dataset: r.dataset,
  kind: r.kind,
  node: r.node,
  at: r.at,
  hash: r.hash,
  bytes: r.bytes,
  rows: r.rows,
  schema: r.schema ? (JSON.parse(r.schema) as ColumnSchema[]) : null,
  path: r.path,
  version: r.version,
  kept: r.kept,
});

/** A node's last success as node_last_success names it (run_nodes' columns null when that row is gone). */
interface LastNodeRow {
  run_id: string | null;
  fingerprint: string | null;
  fingerprint_parts: string;
  status?: string;
}

/** What the history knows of fingerprints: per node, its last successful run; per dataset, its drift. */
export class FingerprintQueries {
  private readonly stmts;

  constructor(db: BetterSqlite3.Database) {
    this.stmts = {
      lastNode: db.prepare(
        `SELECT r.run_id, r.fingerprint, r.fingerprint_parts, r.status FROM node_last_success l
         LEFT JOIN run_nodes r ON r.run_id = l.run_id AND r.name = l.name WHERE l.name = ?`,
      ),
      // Only when the row node_last_success names is gone or no longer a success: a whole scan.
      lastNodeScan: db.prepare(
        `SELECT run_id, fingerprint, fingerprint_parts FROM run_nodes
         WHERE name = ? AND fingerprint IS NOT NULL AND status = 'done' ORDER BY ended_at DESC LIMIT 1`,
      ),
      saves: db.prepare(
        `SELECT dataset, hash FROM dataset_fingerprints WHERE run_id = ? AND node = ? AND kind = 'save'`,
      ),
      ofRun: db.prepare(`SELECT * FROM dataset_fingerprints WHERE run_id = ? ORDER BY dataset, kind`),
      drift: db.prepare(
        `SELECT f.* FROM dataset_fingerprints f WHERE f.dataset = ? AND f.kind = 'save' ORDER BY f.at DESC LIMIT ?`,
      ),
      hashes: db.prepare(`SELECT DISTINCT hash FROM dataset_fingerprints WHERE kind = 'save'`),
      nodesOfRun: db.prepare(
        `SELECT name, fingerprint, fingerprint_parts FROM run_nodes WHERE run_id = ? AND fingerprint IS NOT NULL`,
      ),
      saved: db.prepare(
        `SELECT * FROM dataset_fingerprints WHERE run_id = ? AND dataset = ? ORDER BY kind DESC LIMIT 1`,
      ),
    };
  }

  /** Each named node's last successful fingerprinted run; nodes that never had one are absent. */
  lastSuccess(names: Iterable<string>): Map<string, NodeRecord> {
    const out = new Map<string, NodeRecord>();
    for (const name of names) {
      // No row: the node never succeeded with a fingerprint.
      let row = this.stmts.lastNode.get(name) as LastNodeRow | undefined;
      if (row && (row.run_id === null || row.fingerprint === null || row.status !== 'done'))
        row = this.stmts.lastNodeScan.get(name) as LastNodeRow | undefined;
      if (!row?.run_id || !row.fingerprint) continue;
      const saves = this.stmts.saves.all(row.run_id, name) as Array<{ dataset: string; hash: string }>;
      out.set(name, {
        runId: row.run_id,
        fingerprint: row.fingerprint,
        parts: JSON.parse(row.fingerprint_parts) as NodeFingerprintParts,
        outputs: Object.fromEntries(saves.map((s) => [s.dataset, s.hash])),
      });
    }
    return out;
  }

  /** The datasets a run saved or loaded from outside, with their fingerprints. */
  datasetsOfRun(runId: string): DatasetFingerprintRecord[] {
    return (this.stmts.ofRun.all(runId) as FingerprintRow[]).map(toRecord);
  }

  /** One dataset as a run saved it (or, failing that, loaded it). */
  datasetOfRun(runId: string, dataset: string): DatasetFingerprintRecord | undefined {
    const row = this.stmts.saved.get(runId, dataset) as FingerprintRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Every content hash the history still refers to (what the store must not collect). */
  referencedHashes(): Set<string> {
    return new Set((this.stmts.hashes.all() as Array<{ hash: string }>).map((r) => r.hash));
  }

  /** A dataset's saves across runs, newest first. */
  drift(dataset: string, limit = 50): DatasetFingerprintRecord[] {
    return (this.stmts.drift.all(dataset, limit) as FingerprintRow[]).map(toRecord);
  }

  /** The fingerprints of a run's nodes: node → fingerprint and parts. */
  nodesOfRun(runId: string): Record<string, { fingerprint: string; parts: NodeFingerprintParts }> {
    const rows = this.stmts.nodesOfRun.all(runId) as Array<{
      name: string;
      fingerprint: string;
      fingerprint_parts: string;
    }>;
    return Object.fromEntries(
      rows.map((r) => [r.name, { fingerprint: r.fingerprint, parts: JSON.parse(r.fingerprint_parts) }]),
    );
  }
}

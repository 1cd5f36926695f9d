// The open project loaded by a spare run thread while the app waits for the Run button, with what
// `stat` said of its files then: a run takes it only if its files are unchanged since, else the
// run loads the project afresh and sees the edit.
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { openHistory } from '../../history';
import type { FingerprintSource } from '../../fingerprint';
import { sameStats, statOf, type FileStat } from '../../project/file-stats';
import { filesUnder } from '../../project/files-under';
import { loadProject } from '../../project/load-project';
import type { Project } from '../../project/types';
import type { RunRequest } from '../run-request';

/** The project a spare thread loads ahead: the app's open project, as a run of it without `--params` loads it. */
export interface AheadProject {
  root: string;
  env: string;
  /** The host records runs: the history's fingerprints are opened ahead too. */
  fingerprints: boolean;
}

/** The folders whose files a project load reads (modules elsewhere are found in the module cache). */
const PROJECT_DIRS = ['conf', 'pipelines', 'src'];

export class WarmProject {
  private readonly project: Promise<Project | undefined>;
  private stamps: Record<string, FileStat> | undefined;
  private readonly loadedAt = Date.now();
  /** The history's fingerprints, opened ahead (undefined when it cannot be opened). */
  readonly fingerprints: FingerprintSource | undefined;

  constructor(private readonly ahead: AheadProject) {
    this.fingerprints = ahead.fingerprints ? fingerprintsOf(ahead.root) : undefined;
    // The host refreshed the project's type declarations as it opened the project.
    this.project = loadProject(ahead.root, { env: ahead.env, refreshTypes: false }).then(
      (project) => {
        this.stamps = stampFiles(ahead.root);
        return project;
      },
      // A project that fails to load is loaded again by the run, which reports why.
      () => undefined,
    );
  }

  /** Whether `request` runs this project as it was loaded ahead (same folder and env, no runtime params). */
  fits(request: RunRequest): boolean {
    return (
      resolve(request.projectRoot) === this.ahead.root &&
      (request.env ?? 'local') === this.ahead.env &&
      Object.keys(request.params ?? {}).length === 0
    );
  }

  /** The project loaded ahead if its files are unchanged since, else undefined (the run loads it). */
  async current(): Promise<Project | undefined> {
    const project = await this.project;
    if (!project || !this.stamps) return undefined;
    // A file written during the load (or just before it) may have been read half old: it counts as changed.
    return sameStats(this.stamps, stampFiles(this.ahead.root), this.loadedAt) ? project : undefined;
  }
}

/** What `stat` says of each file a load of the project read or could read (a new file counts too). */
function stampFiles(root: string): Record<string, FileStat> {
  const files = new Set<string>();
  for (const dir of PROJECT_DIRS) for (const file of filesUnder(join(root, dir), () => true)) files.add(file);
  for (const entry of readdirSync(root, { withFileTypes: true }))
    if (entry.isFile() && !entry.name.startsWith('.')) files.add(join(root, entry.name));
  const prefix = root + sep;
  for (const key of Object.keys(createRequire(join(root, 'noop.js')).cache))
    if (key.startsWith(prefix) && !key.includes(`${sep}node_modules${sep}`)) files.add(key);
  const stamps: Record<string, FileStat> = {};
  for (const file of files) {
    const stat = statOf(file);
    if (stat) stamps[file] = stat;
  }
  return stamps;
}

/** The project's history's fingerprints, or nothing when it cannot be opened (a run never stops for it). */
export function fingerprintsOf(projectRoot: string): FingerprintSource | undefined {
  try {
    return openHistory(projectRoot).fingerprints;
  } catch {
    return undefined;
  }
}

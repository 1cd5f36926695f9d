// The project's fingerprint: what every worker must share with the coordinator to run its jobs.
// The code and configuration a run depends on (src/, conf/ but conf/local/, pipelines/, the
// project's package.json), not data, outputs, machine-local settings or caches.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { filesUnder } from '../project/files-under';

const SKIPPED = /^(data|logs|notebooks|node_modules|conf\/local)(\/|$)/;

/** The files the fingerprint covers, project-relative with '/' separators. */
export function fingerprintFiles(root: string): string[] {
  return filesUnder(
    root,
    (path) => !SKIPPED.test(path) && (/^(src|conf|pipelines)\//.test(path) || path === 'package.json'),
  ).map((f) => relative(root, f).split('\\').join('/'));
}

/** 16 hex digits of SHA-256 over each covered file's path and content. */
export function projectFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const path of fingerprintFiles(root)) {
    hash
      .update(path)
      .update('\0')
      .update(readFileSync(`${root}/${path}`))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

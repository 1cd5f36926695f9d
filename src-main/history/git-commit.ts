import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The commit checked out in the repository that holds `root` (`git rev-parse HEAD`), or undefined
 * outside a repository. Read from the files in `.git` (microseconds) rather than by starting git
 * (milliseconds, paid by every run); git itself is asked only for layouts the files do not settle.
 */
export function gitCommit(root: string): string | undefined {
  const gitDir = findGitDir(resolve(root));
  if (!gitDir) return undefined;
  try {
    const fromFiles = readHead(gitDir);
    if (fromFiles) return fromFiles;
  } catch {
    // Fall through to git.
  }
  return askGit(root);
}

function findGitDir(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory()) return dotGit;
      // A worktree or submodule: ".git" is a file naming the real folder.
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (m) return isAbsolute(m[1].trim()) ? m[1].trim() : resolve(dir, m[1].trim());
      return undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readHead(gitDir: string): string | undefined {
  const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  if (SHA.test(head)) return head;
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  // Linked worktrees keep branches in the main repository's folder.
  const common = existsSync(join(gitDir, 'commondir'))
    ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
    : gitDir;
  for (const dir of new Set([gitDir, common])) {
    const loose = join(dir, ref);
    if (existsSync(loose)) {
      const sha = readFileSync(loose, 'utf8').trim();
      return SHA.test(sha) ? sha : undefined;
    }
  }
  const packed = join(common, 'packed-refs');
  if (existsSync(packed)) {
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const [sha, name] = line.trim().split(' ');
      if (name === ref && SHA.test(sha)) return sha;
    }
  }
  return undefined; // a branch with no commit yet, or a layout for git to read (reftable)
}

function askGit(root: string): string | undefined {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    })
      .toString()
      .trim();
    return SHA.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gitCommit } from '../../src-main/history/git-commit';
import { removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args],
    { cwd, stdio: ['ignore', 'pipe', 'ignore'] },
  )
    .toString()
    .trim();

describe('the git commit recorded with a run', () => {
  it('matches git rev-parse HEAD for loose and packed refs, detached heads, worktrees, and subfolders; none outside a repository', () => {
    const repo = tempDir('pw-git-');
    git(repo, 'init', '-q');
    expect(gitCommit(repo)).toBeUndefined(); // a branch with no commit yet
    writeFileSync(join(repo, 'a.txt'), 'a');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'first');
    const first = git(repo, 'rev-parse', 'HEAD');
    mkdirSync(join(repo, 'project', 'src'), { recursive: true });
    expect(gitCommit(repo)).toBe(first);
    expect(gitCommit(join(repo, 'project', 'src'))).toBe(first);

    git(repo, 'pack-refs', '--all');
    expect(gitCommit(repo)).toBe(first);

    writeFileSync(join(repo, 'b.txt'), 'b');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'second');
    const second = git(repo, 'rev-parse', 'HEAD');
    expect(gitCommit(repo)).toBe(second);

    git(repo, 'checkout', '-q', first);
    expect(gitCommit(repo)).toBe(first);
    git(repo, 'checkout', '-q', 'main');

    const worktree = join(tempDir('pw-git-wt-'), 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', worktree);
    expect(gitCommit(worktree)).toBe(second);

    expect(gitCommit(tempDir('pw-no-git-'))).toBeUndefined();
  });
});

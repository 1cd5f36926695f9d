import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(__dirname, '..', '..');
const EXAMPLE = join(REPO, 'examples', 'spaceflights');

describe("examples/spaceflights/README.md's line counts", () => {
  it('are what scripts/count-lines.mjs counts in the files today', async () => {
    const { countLines } = (await import(join(REPO, 'scripts', 'count-lines.mjs'))) as {
      countLines: (text: string, language: 'ts' | 'py') => { lines: number; code: number };
    };
    const rows = [
      ...readFileSync(join(EXAMPLE, 'README.md'), 'utf8').matchAll(/^\| (src\/\S+\.ts) \| (\d+) \((\d+)\) \|/gm),
    ];
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const [, file, lines, code] of rows) {
      const counted = countLines(readFileSync(join(EXAMPLE, file), 'utf8'), 'ts');
      expect({ file, ...counted }).toEqual({ file, lines: Number(lines), code: Number(code) });
    }
  });
});

// Counts the lines of source files: all of them, and code only (no blank lines, comments or
// docstrings). Used for examples/spaceflights/README.md's comparison with Kedro's starter.
//   node scripts/count-lines.mjs FILE...
import { readFileSync } from 'node:fs';

export function countLines(text, language) {
  const lines = text.replace(/\n$/, '').split('\n');
  let code = 0;
  let inBlock = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (language === 'py') {
      const quotes = (line.match(/"""/g) ?? []).length;
      if (inBlock || line.startsWith('"""')) {
        if (quotes % 2 === 1) inBlock = !inBlock;
        continue;
      }
      if (line === '' || line.startsWith('#')) continue;
    } else {
      if (inBlock) {
        if (line.includes('*/')) inBlock = false;
        continue;
      }
      if (line.startsWith('/*')) {
        inBlock = !line.includes('*/');
        continue;
      }
      if (line === '' || line.startsWith('//')) continue;
    }
    code++;
  }
  return { lines: lines.length, code };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) {
    const { lines, code } = countLines(readFileSync(file, 'utf8'), file.endsWith('.py') ? 'py' : 'ts');
    console.log(`${lines}\t${code}\t${file}`);
  }
}

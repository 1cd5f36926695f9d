// Where a node's function is written: the project module that exports that very function (or,
// for a function that is not exported, the file whose text holds it), the line it starts on and
// its source text as written, types included. Only files under src/ are read.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { NodeSource } from '../../src-shared/table-page';
import { filesUnder } from '../project/files-under';
import type { Project } from '../project/types';

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const MAX_LINES = 400;

function projectSources(root: string): string[] {
  return filesUnder(join(root, 'src'), (f) => SOURCE.test(f) && !f.endsWith('.d.ts')).map((f) =>
    relative(root, f).split(sep).join('/'),
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The 0-based line of a declaration of `name` in `text`: a function, a const/let/var, or an object method. */
export function declarationLine(text: string, name: string): number | undefined {
  const n = escape(name);
  const patterns = [
    new RegExp(`^\\s*(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${n}\\b`, 'm'),
    new RegExp(`^\\s*(?:export\\s+)?(?:const|let|var)\\s+${n}\\b\\s*(?::[^=]+)?=`, 'm'),
    new RegExp(`^\\s*(?:async\\s+)?${n}\\s*(?:<[^>]*>)?\\(`, 'm'),
    new RegExp(`^\\s*${n}\\s*:\\s*(?:async\\s+)?(?:function|\\()`, 'm'),
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) return text.slice(0, m.index + (m[0].length - m[0].trimStart().length)).split('\n').length - 1;
  }
  return undefined;
}

/** The declaration starting at `line`, up to its end: balanced brackets, then the end of the statement. */
export function declarationText(text: string, line: number): string {
  const lines = text.split('\n');
  let depth = 0;
  let quote: string | null = null;
  let out: string[] = [];
  for (let l = line; l < lines.length && l < line + MAX_LINES; l++) {
    const s = lines[l]!;
    out.push(s);
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === '/' && s[i + 1] === '/') break;
      if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '(' || c === '{' || c === '[') depth++;
      else if (c === ')' || c === '}' || c === ']') depth--;
    }
    if (quote === '"' || quote === "'") quote = null;
    if (depth > 0 || quote) continue;
    const tail = s.trimEnd();
    const next =
      lines
        .slice(l + 1)
        .find((x) => x.trim() !== '')
        ?.trimStart() ?? '';
    const continues = /(=>|=|,|\(|\{|\?|:|&&|\|\||[+\-*/])$/.test(tail) || /^(\.|\?|:|&&|\|\||[+\-*/)\]}])/.test(next);
    if (!continues) break;
  }
  while (out.length > 1 && out[out.length - 1]!.trim() === '') out = out.slice(0, -1);
  return out.join('\n');
}

/**
 * Finds `func` in the project: first a module under src/ exporting this very function, then a file
 * holding its text (Function.prototype.toString, for a function written inline). Null when neither.
 */
export async function findNodeSource(
  project: Project,
  func: (...args: never[]) => unknown,
): Promise<NodeSource | null> {
  const files = projectSources(project.root);
  const texts = new Map<string, string>();
  const textOf = (file: string) => {
    let t = texts.get(file);
    if (t === undefined) texts.set(file, (t = readFileSync(join(project.root, file), 'utf8')));
    return t;
  };
  for (const file of files) {
    let mod: Record<string, unknown>;
    try {
      mod = await project.importModule(file);
    } catch {
      continue; // a module that does not load cannot hold a node's function
    }
    const exported = Object.entries(mod).find(([, v]) => v === func)?.[0];
    if (!exported) continue;
    const text = textOf(file);
    const names = [exported === 'default' ? func.name : exported, func.name].filter(Boolean);
    for (const name of names) {
      const line = declarationLine(text, name);
      if (line !== undefined) return { file, line: line + 1, code: declarationText(text, line) };
    }
  }
  const written = Function.prototype.toString.call(func);
  for (const file of files) {
    const text = textOf(file);
    const at = text.indexOf(written);
    if (at >= 0) return { file, line: text.slice(0, at).split('\n').length, code: written };
    if (func.name) {
      const line = declarationLine(text, func.name);
      if (line !== undefined) return { file, line: line + 1, code: declarationText(text, line) };
    }
  }
  return null;
}

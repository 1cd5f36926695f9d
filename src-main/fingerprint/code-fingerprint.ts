import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findModuleFile } from '../project/module-loader';
import { hashParts } from './hash';

/** Relative module specifiers in import, export-from, dynamic import and require. */
const SPECIFIER =
  /(?:^|[\s;})])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s+['"]([^'"]+)['"]/g;

/** The project file a relative specifier in `from` names, if any (`./x.js` may name `./x.ts`). */
function resolveImport(root: string, from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.(c|m)?js$/, ''), join(base, 'index')];
  for (const c of candidates) {
    const file = findModuleFile(root, c);
    if (file && file.startsWith(root + sep)) return file;
  }
  return undefined;
}

/**
 * The code a project's node functions depend on. A function is found by identity among the
 * exports of the project modules loaded so far (its own module, or one that re-exports it); its
 * code is its source plus every project file that module imports, transitively, so a change to a
 * helper it calls, in the same file or another, changes its fingerprint. A function that no
 * module exports (a lambda written in a pipeline file) is known by its source only.
 */
export class CodeFingerprints {
  private readonly owners = new Map<unknown, string>();
  private readonly fileHashes = new Map<string, Promise<string>>();
  private readonly closures = new Map<string, string[]>();
  private readonly contents = new Map<string, string>();

  constructor(private readonly root: string) {
    const cache = createRequire(join(root, 'noop.js')).cache;
    const prefix = root + sep;
    for (const [file, mod] of Object.entries(cache)) {
      if (!file.startsWith(prefix) || file.includes(`${sep}node_modules${sep}`) || !mod) continue;
      const exports = mod.exports as Record<string, unknown> | undefined;
      if (!exports || (typeof exports !== 'object' && typeof exports !== 'function')) continue;
      for (const value of Object.values(exports)) {
        // The first module seen is kept; a re-exporting module's closure includes the defining one anyway.
        if (typeof value === 'function' && !this.owners.has(value)) this.owners.set(value, file);
      }
    }
  }

  /** The hash of a function's code: its source and its module's project imports, transitively. */
  async of(func: unknown): Promise<string> {
    const source = typeof func === 'function' ? Function.prototype.toString.call(func) : String(func);
    const owner = this.owners.get(func);
    const files = owner ? this.closure(owner) : [];
    const parts = [source];
    for (const file of files) parts.push(relative(this.root, file).split(sep).join('/'), await this.fileHash(file));
    return hashParts(parts);
  }

  /** The files a function's code is made of (its module and its imports): project-relative path → hash. */
  async filesOf(func: unknown): Promise<Record<string, string>> {
    const owner = this.owners.get(func);
    const out: Record<string, string> = {};
    for (const file of owner ? this.closure(owner) : [])
      out[relative(this.root, file).split(sep).join('/')] = await this.fileHash(file);
    return out;
  }

  private read(file: string): string {
    let text = this.contents.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = '';
      }
      this.contents.set(file, text);
    }
    return text;
  }

  private fileHash(file: string): Promise<string> {
    let h = this.fileHashes.get(file);
    if (!h) this.fileHashes.set(file, (h = hashParts([this.read(file)])));
    return h;
  }

  private closure(start: string): string[] {
    const known = this.closures.get(start);
    if (known) return known;
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length) {
      const file = queue.shift()!;
      for (const m of this.read(file).matchAll(SPECIFIER)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
        const target = resolveImport(this.root, file, spec);
        if (target && !seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    const files = [...seen].sort();
    this.closures.set(start, files);
    return files;
  }
}

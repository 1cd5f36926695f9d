// A light TypeScript/JavaScript highlighter for read-only source: comments, strings, numbers and
// keywords become tokens with a class; everything else is plain text. No HTML is produced.

export interface Token {
  text: string;
  kind: 'comment' | 'string' | 'number' | 'keyword' | 'plain';
}

const KEYWORDS = new Set(
  'async await break case catch class const continue default do else export extends false for from function if import in instanceof interface let new null of return static switch this throw true try type typeof undefined var void while yield'.split(
    ' ',
  ),
);
const PATTERN =
  /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|('(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`)|\b(\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)\b|([A-Za-z_$][\w$]*)/g;

export function highlight(code: string): Token[][] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of code.matchAll(PATTERN)) {
    const kind: Token['kind'] = m[1]
      ? 'comment'
      : m[2]
        ? 'string'
        : m[3]
          ? 'number'
          : KEYWORDS.has(m[4]!)
            ? 'keyword'
            : 'plain';
    if (m.index > last) tokens.push({ text: code.slice(last, m.index), kind: 'plain' });
    tokens.push({ text: m[0], kind });
    last = m.index + m[0].length;
  }
  if (last < code.length) tokens.push({ text: code.slice(last), kind: 'plain' });
  // Split into lines, so each line can carry its number.
  const lines: Token[][] = [[]];
  for (const t of tokens) {
    const parts = t.text.split('\n');
    parts.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p) lines[lines.length - 1]!.push({ text: p, kind: t.kind });
    });
  }
  return lines;
}

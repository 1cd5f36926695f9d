// Builds one record per row from columns. Tens of thousands of records with the same keys are
// built fastest by one object literal, so the literal is generated once per header (as d3-dsv does).

export type RecordMaker = (columns: unknown[][], row: number) => Record<string, unknown>;

export function recordMaker(names: string[]): RecordMaker {
  if (names.length === 0) return () => ({});
  // A literal `"__proto__": v` would set the prototype; the computed form defines a key like any other.
  const fields = names.map(
    (name, i) => `${name === '__proto__' ? `[${JSON.stringify(name)}]` : JSON.stringify(name)}: c[${i}][r]`,
  );
  return new Function('c', 'r', `return { ${fields.join(', ')} };`) as RecordMaker;
}

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { autoCast } from '../../src-main/datasets/csv-cast';
import { numberAt } from '../../src-main/datasets/csv-number';
import { parseCsvColumns, parseCsvRecords } from '../../src-main/datasets/csv-parse-fast';

// The reference: csv-parse with the per-cell cast callback, as CSVDataset parsed before.
function castPerCell(text: string, delimiter = ','): unknown {
  return parse(text, {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    delimiter,
    cast: (v, c) => (c.header ? v : autoCast(v)),
  });
}

const TRICKY = [
  '',
  '0',
  '-0',
  '+5',
  '007',
  '00',
  '0.5',
  '00.5',
  '.5',
  '-.5e3',
  '1.',
  '1.e5',
  '1e5',
  '1E-3',
  '1e',
  '1e+',
  '12345678901234567',
  '0.1234567890123456789',
  '3.14159',
  '-2.5',
  '1_000',
  ' 1',
  '1 ',
  '0x1f',
  'Infinity',
  'NaN',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  't',
  'f',
  'abc',
  '100%',
  '$2,811.9',
  'a "quoted" word',
  'two\nlines',
  'semi;colon',
  'x,y',
  'é',
  '-',
  '+',
  '.',
];

function quote(cell: string, delimiter: string): string {
  return /["\n\r]/.test(cell) || cell.includes(delimiter) || (cell !== '' && Math.abs(cell.length % 7) === 3)
    ? `"${cell.replaceAll('"', '""')}"`
    : cell;
}

/** A seeded CSV of cells drawn from TRICKY, some columns numeric only, some mixed. */
function randomCsv(seed: number, rows: number, delimiter = ',', eol = '\n'): string {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const width = 6;
  const lines = [Array.from({ length: width }, (_, i) => `c${i}`).join(delimiter)];
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: width }, (_, col) => {
      if (col === 0) return String(Math.floor(next() * 1e6));
      if (col === 1) return next() < 0.2 ? '' : (next() * 100).toFixed(2);
      return TRICKY[Math.floor(next() * (col === 2 ? 11 : TRICKY.length))]!;
    });
    lines.push(cells.map((c) => quote(c, delimiter)).join(delimiter));
    if (next() < 0.05) lines.push('');
  }
  return lines.join(eol) + (seed % 2 ? eol : '');
}

describe('parseCsvRecords gives what csv-parse with a per-cell cast gave', () => {
  it.each([1, 2, 3, 4])('random files with quotes, newlines in cells, blanks and mixed columns (seed %i)', (seed) => {
    const text = randomCsv(seed, 400);
    expect(parseCsvRecords(text)).toEqual(castPerCell(text));
  });

  it('with CRLF, a BOM and a semicolon separator', () => {
    const text = `\ufeff${randomCsv(7, 200, ';', '\r\n')}`;
    expect(parseCsvRecords(text, { sep: ';' })).toEqual(castPerCell(text, ';'));
  });

  it('reads numbers from the text exactly as the NUMBER rule and Number() do', () => {
    for (const s of [...TRICKY, '9007199254740993', '123456789012345', '1234567890.12345', '0.000001', '-0.0']) {
      const expected = autoCast(s);
      const got = numberAt(s, 0, s.length);
      if (typeof expected === 'number') expect(Object.is(got, expected), s).toBe(true);
      else expect(got, s).toBeNaN();
    }
  });
});

describe('parseCsvColumns', () => {
  it('types each column once; a column mixing numbers and text is text, as in pandas', () => {
    const { names, columns, types, rowCount } = parseCsvColumns(
      'id,zip,score,ok,note,blank\n1,007,2.5,true,x,\n2,10,,False,,\n',
    );
    expect(names).toEqual(['id', 'zip', 'score', 'ok', 'note', 'blank']);
    expect(rowCount).toBe(2);
    expect(types).toEqual(['number', 'string', 'number', 'boolean', 'string', 'null']);
    expect(columns).toEqual([
      [1, 2],
      ['007', '10'],
      [2.5, null],
      [true, false],
      ['x', null],
      [null, null],
    ]);
    expect(parseCsvColumns('zip\n007\n10\n', { mixed: 'cells' })).toMatchObject({
      columns: [['007', 10]],
      types: ['mixed'],
    });
  });

  it('keeps dtype and cast: false per column', () => {
    const out = parseCsvColumns('a,b,c\n1,2,3\n,5,x\n', { dtype: { a: 'str', c: 'float' }, cast: { b: false } });
    expect(out.columns).toEqual([
      ['1', ''],
      ['2', '5'],
      [3, NaN],
    ]);
  });

  it('an empty file has no columns and a header alone no rows', () => {
    expect(parseCsvColumns('')).toEqual({ names: [], columns: [], types: [], rowCount: 0 });
    expect(parseCsvColumns('a,b\n')).toMatchObject({ names: ['a', 'b'], columns: [[], []], rowCount: 0 });
  });
});

describe('bad files and other csv-parse options', () => {
  it('names the line of a row with the wrong number of fields, and of an unclosed quote', () => {
    expect(() => parseCsvRecords('a,b,c\n1,2,3\n\n"x\ny",2\n')).toThrow('line 4 has 2 fields where the header has 3');
    expect(() => parseCsvRecords('a,b\n1,2\n3,"open\n')).toThrow('a quoted field opened on line 3 is never closed');
    expect(() => parseCsvRecords('a,b\n"x"y,2\n')).toThrow(/line 2: "y" follows a closing quote/);
  });

  it('options our tokenizer does not read (comment, trim, columns as a list) go through csv-parse and are typed the same way', () => {
    const text = '# a comment\na, b\n 1 ,007\n';
    expect(parseCsvRecords(text, { comment: '#', trim: true })).toEqual([{ a: 1, b: '007' }]);
    expect(parseCsvColumns(text, { comment: '#', trim: true })).toMatchObject({
      names: ['a', 'b'],
      columns: [[1], ['007']],
    });
    expect(parseCsvRecords('1,2\n', { columns: ['x', 'y'] })).toEqual([{ x: 1, y: 2 }]);
  });

  it('lines ended by a lone CR, as csv-parse detects them', () => {
    expect(parseCsvRecords('a,b\r1,007\r')).toEqual([{ a: 1, b: '007' }]);
  });

  it('a header named __proto__ is a key like any other', () => {
    const [row] = parseCsvRecords('__proto__,b\n1,2\n');
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row!)).toEqual(['__proto__', 'b']);
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSVDataset, JSONDataset, PickleDataset, TextDataset } from '../../src-main/datasets';
import { DataCatalog } from '../../src-main/engine';
import { listFiles, useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('round trips', () => {
  it('TextDataset keeps a string', async () => {
    const root = tempDir();
    const ds = new TextDataset({ filepath: 'data/notes.txt', root });
    await ds.save('héllo\nworld');
    expect(readFileSync(join(root, 'data/notes.txt'), 'utf8')).toBe('héllo\nworld');
    expect(await ds.load()).toBe('héllo\nworld');
  });

  it('JSONDataset keeps any JSON value, indented by default', async () => {
    const root = tempDir();
    const ds = new JSONDataset({ filepath: 'm.json', root });
    const value = { a: [1, 2.5, null, 'x'], b: { c: true } };
    await ds.save(value);
    expect(await ds.load()).toEqual(value);
    expect(readFileSync(join(root, 'm.json'), 'utf8')).toContain('\n  "a": [');
    await ds.save(42 as never);
    expect(await ds.load()).toBe(42);
  });

  it('PickleDataset keeps structured-clonable values: Map, Set, Date, typed arrays, bigint', async () => {
    const root = tempDir();
    const ds = new PickleDataset({ filepath: 'data/v.pickle', root });
    const value = { m: new Map([['k', 1]]), s: new Set([1, 2]), d: new Date(0), t: new Float64Array([1.5]), n: 10n };
    await ds.save(value);
    expect(await ds.load()).toEqual(value);
  });

  it('CSVDataset keeps an array of records and writes a header', async () => {
    const root = tempDir();
    const ds = new CSVDataset({ filepath: 'data/rows.csv', root });
    const rows = [
      { id: 1, name: 'Ada, Countess', score: 2.5, ok: true },
      { id: 2, name: 'Bob "B"', score: -3, ok: false },
    ];
    await ds.save(rows);
    expect(readFileSync(join(root, 'data/rows.csv'), 'utf8').split('\n')[0]).toBe('id,name,score,ok');
    expect(await ds.load()).toEqual(rows);
  });

  it('paths are relative to the root given, and parent folders are created', async () => {
    const root = tempDir();
    await new JSONDataset({ filepath: 'a/b/c/deep.json', root }).save([1]);
    expect(existsSync(join(root, 'a/b/c/deep.json'))).toBe(true);
  });
});

describe('CSV casting', () => {
  const csv = 'id,zip,price,label,empty,flag\n1,007,3.5,abc,,true\n2,10,-1e3,12a,,False\n';
  const write = () => {
    const root = tempDir();
    writeFileSync(join(root, 'x.csv'), csv);
    return root;
  };

  it('numbers that look like numbers become numbers; leading zeros, text and empties do not', async () => {
    const rows = await new CSVDataset({ filepath: 'x.csv', root: write() }).load();
    expect(rows).toEqual([
      { id: 1, zip: '007', price: 3.5, label: 'abc', empty: null, flag: true },
      { id: 2, zip: 10, price: -1000, label: '12a', empty: null, flag: false },
    ]);
  });

  it('load_args: { cast: false } keeps every cell as text', async () => {
    const rows = await new CSVDataset({ filepath: 'x.csv', root: write(), load_args: { cast: false } }).load();
    expect(rows[0]).toEqual({ id: '1', zip: '007', price: '3.5', label: 'abc', empty: '', flag: 'true' });
  });

  it('per column: cast: { col: false } and pandas dtype', async () => {
    const root = write();
    const byCast = await new CSVDataset({
      filepath: 'x.csv',
      root,
      load_args: { cast: { zip: false, id: false } },
    }).load();
    expect(byCast[1]).toMatchObject({ id: '2', zip: '10', price: -1000 });
    const byDtype = await new CSVDataset({
      filepath: 'x.csv',
      root,
      load_args: { dtype: { zip: 'str', label: 'str' } },
    }).load();
    expect(byDtype[1]).toMatchObject({ id: 2, zip: '10', label: '12a' });
  });

  it('sep and a bad cast option', async () => {
    const root = tempDir();
    const ds = new CSVDataset({ filepath: 'semi.csv', root, save_args: { sep: ';' }, load_args: { sep: ';' } });
    await ds.save([{ a: 1, b: 'x' }]);
    expect(readFileSync(join(root, 'semi.csv'), 'utf8')).toBe('a;b\n1;x\n');
    expect(await ds.load()).toEqual([{ a: 1, b: 'x' }]);
    expect(() => new CSVDataset({ filepath: 'x.csv', root, load_args: { cast: 'yes' } })).toThrow(
      /load_args.cast must be/,
    );
    expect(() => new CSVDataset({ filepath: 'x.csv', root, load_args: { dtype: { a: 'complex' } } })).toThrow(
      /unknown dtype 'complex'/,
    );
  });

  it('a file with a BOM, CRLF, blank lines and cells, quoted separators and newlines, mixed and leading-zero columns', async () => {
    const root = tempDir();
    const text =
      '\ufeffid,code,amount,note,flag\r\n1,007,,"a, b",true\r\n\r\n2,10,2.50,"two\r\nlines",\r\n3,0042,-1e2,"say ""hi""",False\r\n';
    writeFileSync(join(root, 'm.csv'), text);
    expect(await new CSVDataset({ filepath: 'm.csv', root }).load()).toEqual([
      { id: 1, code: '007', amount: null, note: 'a, b', flag: true },
      { id: 2, code: 10, amount: 2.5, note: 'two\r\nlines', flag: null },
      { id: 3, code: '0042', amount: -100, note: 'say "hi"', flag: false },
    ]);
    const typed = await new CSVDataset({
      filepath: 'm.csv',
      root,
      load_args: { dtype: { code: 'str', amount: 'float', flag: 'bool' } },
    }).load();
    expect(typed.map((r) => [r.code, r.amount, r.flag])).toEqual([
      ['007', null, true],
      ['10', 2.5, null],
      ['0042', -100, false],
    ]);
    const text2 = await new CSVDataset({ filepath: 'm.csv', root, load_args: { cast: false } }).load();
    expect(text2[1]).toEqual({ id: '2', code: '10', amount: '2.50', note: 'two\r\nlines', flag: '' });
  });

  it('a row with the wrong number of fields names the file and the line', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'ragged.csv'), 'a,b\n1,2\n3\n');
    await expect(new CSVDataset({ filepath: 'ragged.csv', root }).load()).rejects.toThrow(
      'Failed to load ragged.csv: line 3 has 1 field where the header has 2',
    );
  });

  it('saving something that is not an array of records says so', async () => {
    const ds = new CSVDataset({ filepath: 'x.csv', root: tempDir() });
    await expect(ds.save({ a: 1 } as never)).rejects.toThrow(
      'Failed to save to x.csv: CSVDataset saves an array of records, got an Object',
    );
  });
});

describe('atomic writes', () => {
  it('leaves no temp file behind', async () => {
    const root = tempDir();
    const ds = new JSONDataset({ filepath: 'out/x.json', root });
    await ds.save({ a: 1 });
    await ds.save({ a: 2 });
    expect(listFiles(root)).toEqual(['out/x.json']);
  });

  it('keeps the old content when a save throws mid-way (a value that cannot be serialized)', async () => {
    const root = tempDir();
    const pickle = new PickleDataset({ filepath: 'v.pickle', root });
    await pickle.save({ ok: 1 });
    await expect(pickle.save({ f: () => 1 })).rejects.toThrow(/Failed to save to v.pickle: .*could not be cloned/);
    expect(await pickle.load()).toEqual({ ok: 1 });
    const json = new JSONDataset({ filepath: 'j.json', root });
    await json.save({ ok: 1 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(json.save(cyclic)).rejects.toThrow(/circular/i);
    expect(await json.load()).toEqual({ ok: 1 });
    expect(listFiles(root)).toEqual(['j.json', 'v.pickle']);
  });

  it('a failed rename (the path is a folder) removes the temp file and says why', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'taken.json', 'inside'), { recursive: true });
    const ds = new JSONDataset({ filepath: 'taken.json', root });
    await expect(ds.save([1])).rejects.toThrow(/Failed to save to taken.json: /);
    expect(listFiles(root)).toEqual([]);
  });
});

describe('exists, describe, ioInfo and errors', () => {
  it('exists follows the file', async () => {
    const ds = new TextDataset({ filepath: 't.txt', root: tempDir() });
    expect(ds.exists()).toBe(false);
    await ds.save('x');
    expect(ds.exists()).toBe(true);
  });

  it('describe shows the filepath as written and the args; ioInfo the last load and save', async () => {
    const root = tempDir();
    const ds = new CSVDataset({ filepath: 'data/r.csv', root, load_args: { cast: false } });
    expect(ds.describe()).toEqual({ filepath: 'data/r.csv', load_args: { cast: false } });
    expect(String(ds)).toBe('CSVDataset(filepath=data/r.csv, load_args={"cast":false})');
    expect(ds.ioInfo('save')).toBeUndefined();
    await ds.save([{ a: 1 }]);
    expect(ds.ioInfo('save')).toEqual({ path: join(root, 'data/r.csv'), version: undefined, size: 4 });
    await ds.load();
    expect(ds.ioInfo('load')).toMatchObject({ path: join(root, 'data/r.csv'), size: 4 });
  });

  it('a missing file names the path and says "file not found", without a bare ENOENT', async () => {
    const catalog = new DataCatalog({
      companies: new CSVDataset({ filepath: 'data/01_raw/companies.csv', root: tempDir() }),
    });
    const err = await catalog.load('companies').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("dataset 'companies'");
    expect((err as Error).message).toContain('Failed to load data/01_raw/companies.csv: file not found');
    expect((err as Error).message).not.toContain('ENOENT');
  });

  it('malformed JSON names the path', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'bad.json'), '{ nope');
    await expect(new JSONDataset({ filepath: 'bad.json', root }).load()).rejects.toThrow(
      /Failed to load bad.json: invalid JSON/,
    );
  });

  it('a missing filepath is refused at construction', () => {
    expect(() => new JSONDataset({} as never)).toThrow("JSONDataset needs a 'filepath'");
  });
});

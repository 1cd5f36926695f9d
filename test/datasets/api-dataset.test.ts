import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { APIDataset, lookupBuiltInType } from '../../src-main/datasets';
import { DataCatalog } from '../../src-main/engine';
import { DatasetError } from '../../src-main/engine/errors';
import { useApiServer } from './api-server';

const serve = useApiServer();
const SECRET = 'pa55-w0rd-xyz';

/** A port nothing listens on: one a server had, closed again. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('APIDataset', () => {
  it('GETs with query params and headers and loads a JSON response', async () => {
    const server = await serve((r) => ({
      body: JSON.stringify({ url: r.url, accept: r.headers.accept, mine: r.headers['x-mine'] }),
    }));
    const ds = new APIDataset({
      url: `${server.base}/cars`,
      load_args: { params: { city: 'Oslo', id: [1, 2] }, headers: { accept: 'application/json', 'X-Mine': 'yes' } },
    });
    expect(await ds.load()).toEqual({ url: '/cars?city=Oslo&id=1&id=2', accept: 'application/json', mine: 'yes' });
    expect(server.seen.map((r) => r.method)).toEqual(['GET']);
  });

  it('loads text when the response is not JSON', async () => {
    const server = await serve(() => ({ type: 'text/plain; charset=utf-8', body: '{not json, just text' }));
    expect(await new APIDataset({ url: `${server.base}/t` }).load()).toBe('{not json, just text');
  });

  it('a response that says it is JSON but is not fails naming the request', async () => {
    const server = await serve(() => ({ body: '<html>' }));
    const err = await rejection(new APIDataset({ url: `${server.base}/bad?k=1` }).load());
    expect(
      err.message.startsWith(`APIDataset request GET ${server.base}/bad?…: the response says it is JSON but is not (`),
    ).toBe(true);
  });

  it('sends basic auth from [user, password], { username, password } or a URL, and headers from credentials', async () => {
    const server = await serve((r) => ({
      body: JSON.stringify({ auth: r.headers.authorization ?? null, token: r.headers['x-api-token'] ?? null }),
    }));
    const basic = `Basic ${Buffer.from(`ada:${SECRET}`).toString('base64')}`;
    expect(await new APIDataset({ url: server.base, credentials: ['ada', SECRET] }).load()).toEqual({
      auth: basic,
      token: null,
    });
    expect(
      await new APIDataset({ url: server.base, credentials: { username: 'ada', password: SECRET } }).load(),
    ).toEqual({ auth: basic, token: null });
    expect(await new APIDataset({ url: server.base.replace('//', `//ada:${SECRET}@`) }).load()).toEqual({
      auth: basic,
      token: null,
    });
    expect(
      await new APIDataset({ url: server.base, credentials: { headers: { 'X-Api-Token': SECRET } } }).load(),
    ).toEqual({ auth: null, token: SECRET });
  });

  it('POSTs saved data as JSON, an array in chunks of save_args.chunk_size', async () => {
    const server = await serve(() => ({ status: 201, body: '{}' }));
    const ds = new APIDataset({
      url: `${server.base}/upload`,
      method: 'POST',
      save_args: { chunk_size: 2, headers: { 'x-run': 'r1' } },
    });
    await ds.save([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(
      server.seen.map((r) => [r.method, r.url, r.headers['content-type'], r.headers['x-run'], JSON.parse(r.body)]),
    ).toEqual([
      ['POST', '/upload', 'application/json', 'r1', [{ a: 1 }, { a: 2 }]],
      ['POST', '/upload', 'application/json', 'r1', [{ a: 3 }]],
    ]);
    await ds.save({ one: true });
    expect(JSON.parse(server.seen[2]!.body)).toEqual({ one: true });
  });

  it('refuses to save with GET, as Kedro', async () => {
    const err = await rejection(Promise.resolve(new APIDataset({ url: 'http://127.0.0.1:9/x' }).save([1])));
    expect(err.message).toBe(
      "APIDataset saves with method POST or PUT, not GET (GET http://127.0.0.1:9/x): set 'method' in the catalog entry.",
    );
  });

  it('a non-2xx response is a DatasetError naming the dataset, the URL without secrets and the status', async () => {
    const server = await serve(() => ({ status: 404, body: `{"error":"no such thing ${SECRET}"}` }));
    const catalog = new DataCatalog({
      cars: new APIDataset({
        url: `${server.base}/cars?api_key=${SECRET}`,
        load_args: { headers: { Authorization: `Bearer ${SECRET}` } },
        credentials: ['ada', SECRET],
      }),
    });
    const err = await rejection(catalog.load('cars'));
    expect(err).toBeInstanceOf(DatasetError);
    expect(err.message).toContain(`dataset 'cars'`);
    expect(err.message).toContain(`APIDataset request GET ${server.base}/cars?… failed with status 404 Not Found.`);
    expect(`${err.message} ${String(err.cause ?? '')} ${err.stack}`).not.toContain(SECRET);
    expect(server.seen[0]!.url).toBe(`/cars?api_key=${SECRET}`);
  });

  it('exists() is a successful request; a refused connection names the URL and the reason', async () => {
    const server = await serve((r) => ({ status: r.url === '/here' ? 200 : 404, body: '{}' }));
    expect(await new APIDataset({ url: `${server.base}/here` }).exists()).toBe(true);
    expect(await new APIDataset({ url: `${server.base}/gone` }).exists()).toBe(false);
    const free = await freePort();
    const closed = new APIDataset({ url: `http://127.0.0.1:${free}/gone`, credentials: ['ada', SECRET] });
    const err = await rejection(closed.load());
    expect(err.message).toBe(`APIDataset request GET http://127.0.0.1:${free}/gone failed: connection refused.`);
    expect(await closed.exists()).toBe(false);
  });

  it('exists() sends nothing but a GET or HEAD, as other methods may change the server', async () => {
    const server = await serve(() => ({ body: '{}' }));
    expect(
      await new APIDataset({ url: `${server.base}/upload`, method: 'POST', load_args: { json: { a: 1 } } }).exists(),
    ).toBe(false);
    expect(await new APIDataset({ url: `${server.base}/h`, method: 'HEAD' }).exists()).toBe(true);
    expect(server.seen.map((r) => r.method)).toEqual(['HEAD']);
  });

  it('describe() and String() hide credentials, secret headers and query values', () => {
    const ds = new APIDataset({
      url: `http://ada:${SECRET}@127.0.0.1:1/cars?token=${SECRET}`,
      method: 'POST',
      load_args: {
        params: { city: 'Oslo', api_key: SECRET },
        headers: { Authorization: SECRET, accept: 'text/csv' },
        auth: ['ada', SECRET],
        json: { q: 1, token: SECRET },
      },
      credentials: { username: 'ada', password: SECRET },
    });
    expect(ds.describe()).toEqual({
      url: 'http://127.0.0.1:1/cars?…',
      method: 'POST',
      load_args: {
        params: { city: 'Oslo', api_key: '***' },
        headers: { Authorization: '***', accept: 'text/csv' },
        auth: '***',
        json: { q: 1, token: '***' },
      },
      credentials: '***',
    });
    expect(String(ds)).not.toContain(SECRET);
  });

  it('bad arguments are named without showing credentials', () => {
    expect(() => new APIDataset({ url: 'ftp://x' })).toThrow(
      "APIDataset needs a 'url' starting with http:// or https://, got 'ftp://x/'.",
    );
    expect(() => new APIDataset({ url: 'http://x', method: 'FETCH' })).toThrow(/'method' must be one of GET, POST/);
    expect(() => new APIDataset({ url: 'http://x', load_args: { json: {} } })).toThrow(
      "'load_args.json' is a request body, which a GET request cannot carry",
    );
    expect(() => new APIDataset({ url: 'http://x', versioned: true } as never)).toThrow(
      "APIDataset is not versioned: remove 'versioned: true' from its entry.",
    );
    const err = (() => {
      try {
        new APIDataset({ url: 'http://x', credentials: [SECRET] });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toBe(
      'APIDataset: credentials must be [user, password], { username, password } or { headers: {...} }.',
    );
  });

  it("is registered under Kedro's names", () => {
    for (const name of [
      'api.APIDataset',
      'APIDataset',
      'APIDataSet',
      'kedro_datasets.api.APIDataset',
      'kedro_datasets.api.APIDataSet',
    ]) {
      expect(lookupBuiltInType(name), name).toBe(APIDataset);
    }
  });
});

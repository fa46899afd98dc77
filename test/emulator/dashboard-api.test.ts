// The dashboard's endpoints under /_emulator/ over plain HTTP: the page and its assets, the state it reads, the live
// event stream, the request log with secrets masked, the sandboxed file download and the guarded delete.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { maskSecrets } from '../../src/emulator/admin/request-log.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { emulatorClient, patternBytes, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startTestEmulator();
});
afterEach(async () => {
  await emulator.close();
});

interface State {
  channels: Array<{
    subKey: string;
    channel: string;
    files: Array<{ id: string; name: string; size: number; created: string; url: string }>;
  }>;
  events: Array<{ channel: string; file?: { id: string; name: string }; message?: unknown }>;
  requests: Array<{ method: string; path: string; status: number }>;
  faults: unknown[];
}

async function state(): Promise<State> {
  return (await (await fetch(`${emulator.url}/_emulator/api/state`)).json()) as State;
}

/** Reads server-sent events until `count` named `name` arrived. */
async function readEvents(response: Response, name: string, count: number): Promise<unknown[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const found: unknown[] = [];
  let buffer = '';
  while (found.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event === name && data !== undefined) found.push(JSON.parse(data));
    }
  }
  await reader.cancel();
  return found;
}

it('no path of the real API (or the emulator storage) is under /_emulator/', () => {
  const spec = parse(readFileSync('openapi/pubnub-files.yaml', 'utf8')) as { paths: Record<string, unknown> };
  const paths = Object.keys(spec.paths);
  expect(paths.length).toBeGreaterThan(5);
  for (const path of paths) expect(path.startsWith('/_')).toBe(false);
});

it('serves the page, its stylesheet and its script from the package, with a strict content security policy', async () => {
  const page = await fetch(`${emulator.url}/_emulator/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(page.headers.get('access-control-allow-origin')).toBeNull();
  const html = await page.text();
  expect(html).toContain('<script src="dashboard.js" defer></script>');
  for (const [asset, type] of [
    ['dashboard.js', 'text/javascript; charset=utf-8'],
    ['dashboard.css', 'text/css; charset=utf-8'],
  ] as const) {
    const answer = await fetch(`${emulator.url}/_emulator/${asset}`);
    expect([answer.status, answer.headers.get('content-type')]).toEqual([200, type]);
    expect((await answer.text()).length).toBeGreaterThan(500);
  }
  expect((await fetch(`${emulator.url}/_emulator/../package.json`)).status).toBe(404);
  expect((await fetch(`${emulator.url}/_emulator/nothing-here`)).status).toBe(404);
  const bare = await fetch(`${emulator.url}/_emulator`, { redirect: 'manual' });
  expect([bare.status, bare.headers.get('location')]).toEqual([301, '/_emulator/']);
});

it('lists every channel with files, the file events and the last requests', async () => {
  const client = emulatorClient(emulator);
  const a = await client.storeFile('room a', 'one.txt', patternBytes(10));
  const b = await client.storeFile('room b', 'two.txt', patternBytes(20));
  await client.publishFile('room a', { message: { hello: 1 }, file: a });
  const seen = await state();
  expect(seen.channels).toEqual([
    { subKey: SUB_KEY, channel: 'room a', files: [expect.objectContaining({ id: a.id, name: 'one.txt', size: 10 })] },
    { subKey: SUB_KEY, channel: 'room b', files: [expect.objectContaining({ id: b.id, name: 'two.txt', size: 20 })] },
  ]);
  expect(seen.channels[0]!.files[0]!.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(seen.events).toEqual([expect.objectContaining({ channel: 'room a', file: a, message: { hello: 1 } })]);
  expect(seen.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
    'POST 200',
    'POST 204',
    'POST 200',
    'POST 204',
    'GET 200',
  ]);
});

it('serves a stored file sandboxed, and deletes one only with the admin header', async () => {
  const client = emulatorClient(emulator);
  const html = new TextEncoder().encode('<script>alert(1)</script>');
  const file = await client.storeFile('ch', 'page.html', html);
  const [listed] = (await state()).channels[0]!.files;
  const download = await fetch(`${emulator.url}${listed!.url}`);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(download.headers.get('content-security-policy')).toBe('sandbox');
  expect(download.headers.get('x-content-type-options')).toBe('nosniff');
  expect(await download.text()).toBe('<script>alert(1)</script>');
  // The storage download (what getFile redirects to) is sandboxed the same way.
  const location = (await client.getFile('ch', file.id, file.name)).headers.get('location') ?? '';
  expect((await fetch(location)).headers.get('content-security-policy')).toBe('sandbox');

  expect((await fetch(`${emulator.url}/_emulator/files/${file.id}`, { method: 'DELETE' })).status).toBe(403);
  expect((await client.listFiles('ch')).body.count).toBe(1);
  const deleted = await fetch(`${emulator.url}/_emulator/files/${file.id}`, {
    method: 'DELETE',
    headers: { 'X-Emulator-Admin': '1' },
  });
  expect(deleted.status).toBe(200);
  expect((await client.listFiles('ch')).body.count).toBe(0);
  expect((await fetch(`${emulator.url}${listed!.url}`)).status).toBe(404);
});

it('streams requests, file events and fault changes as server-sent events', async () => {
  const stream = await fetch(`${emulator.url}/_emulator/events`);
  expect(stream.headers.get('content-type')).toBe('text/event-stream');
  const client = emulatorClient(emulator);
  const requests = readEvents(stream.clone(), 'request', 3);
  const files = readEvents(stream.clone(), 'file', 1);
  const faults = readEvents(stream, 'faults', 1);
  const stored = await client.storeFile('live', 'a.txt', patternBytes(3));
  await client.publishFile('live', { file: stored });
  emulator.faults.arm({ operation: 'listFiles', status: 500 });
  expect(await requests).toMatchObject([
    { method: 'POST', status: 200 },
    { method: 'POST', path: '/storage/', status: 204 },
    { method: 'GET', status: 200 },
  ]);
  expect(await files).toMatchObject([{ channel: 'live', file: stored }]);
  expect(await faults).toEqual([[expect.objectContaining({ operation: 'listFiles', remaining: 1 })]]);
});

describe('the request log masks secrets', () => {
  it.each([
    [
      '/v1/files/sub/channels/c/files?uuid=u&signature=v2.abc&timestamp=1',
      '/v1/files/sub/channels/c/files?uuid=u&signature=***&timestamp=1',
    ],
    ['/v1/files/sub/channels/c/files?auth=p0F2AkF0Gm&uuid=u', '/v1/files/sub/channels/c/files?auth=***&uuid=u'],
    [
      '/storage/k?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=ff&X-Amz-Date=1',
      '/storage/k?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Date=1',
    ],
    ['/v1/x?token=t&secret_key=s&other=sec-c-abc', '/v1/x?token=***&secret_key=***&other=***'],
    ['/v1/files/sec-c-xyz/channels/c', '/v1/files/***/channels/c'],
    ['/v1/files/sub/channels/c/files?uuid=u&limit=5', '/v1/files/sub/channels/c/files?uuid=u&limit=5'],
  ])('%s', (url, masked) => {
    expect(maskSecrets(url)).toBe(masked);
  });

  it('in what the dashboard shows', async () => {
    await fetch(`${emulator.url}/v1/files/${SUB_KEY}/channels/c/files?uuid=u&auth=secret-token&signature=v2.sig`);
    const [logged] = (await state()).requests;
    expect(logged?.path).toBe(`/v1/files/${SUB_KEY}/channels/c/files?uuid=u&auth=***&signature=***`);
  });

  it('and keeps only the start of a very long path', async () => {
    await fetch(`${emulator.url}/v1/files/${SUB_KEY}/channels/c/files?auth=secret&uuid=${'u'.repeat(10_000)}`);
    const [logged] = (await state()).requests;
    expect(logged?.path.length).toBe(2049);
    expect(logged?.path).toMatch(/^\/v1\/files\/.*\?auth=\*\*\*&uuid=uuu.*…$/);
  });
});

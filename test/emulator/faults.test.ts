// Fault injection: armed over HTTP (`/_emulator/faults`) or from code, a fault makes exactly the next n calls of the
// operation it names fail as asked, with that operation's own error body, and leaves every other call alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { isPubNubError } from '../../src/index.ts';
import {
  conforming,
  emulatorClient,
  enc,
  patternBytes,
  startTestEmulator,
  SUB_KEY,
  USER,
} from '../support/emulator-harness.ts';
import { sdkFor } from '../support/sdk-emulator.ts';

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startTestEmulator();
});
afterEach(async () => {
  await emulator.close();
});

const ADMIN = { 'X-Emulator-Admin': '1', 'Content-Type': 'application/json' };

function armOverHttp(fault: unknown, headers: Record<string, string> = ADMIN): Promise<Response> {
  return fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', headers, body: JSON.stringify(fault) });
}

async function armedOverHttp(): Promise<Array<{ operation: string; remaining: number }>> {
  return (
    (await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as {
      faults: Array<{ operation: string; remaining: number }>;
    }
  ).faults;
}

describe('over HTTP', () => {
  it('fails exactly the next n calls of the named operation with the files error body, and no other call', async () => {
    const client = emulatorClient(emulator);
    const armed = await armOverHttp({ operation: 'generateUploadUrl', status: 402, times: 2 });
    expect(armed.status).toBe(201);
    expect(await armed.json()).toMatchObject({ fault: { operation: 'generateUploadUrl', status: 402, remaining: 2 } });
    expect(await armedOverHttp()).toMatchObject([{ operation: 'generateUploadUrl', remaining: 2 }]);

    expect((await client.listFiles('ch')).status).toBe(200);
    for (const left of [1, 0]) {
      const failed = await client.generateUploadUrl('ch', 'a.txt');
      expect(failed.status).toBe(402);
      expect(failed.body).toMatchObject({ status: 402, error: { source: 'files', code: 402 } });
      expect((await armedOverHttp()).map((f) => f.remaining)).toEqual(left === 0 ? [] : [left]);
    }
    expect((await client.generateUploadUrl('ch', 'a.txt')).status).toBe(200);
  });

  it("answers each operation in its own dialect: S3 XML for storage, publish's array, Access Manager for 403", async () => {
    const client = emulatorClient(emulator);
    const stored = await client.storeFile('ch', 'a.txt', patternBytes(10));
    const location = (await client.getFile('ch', stored.id, stored.name)).headers.get('location') ?? '';
    for (const fault of [
      { operation: 'uploadFile', status: 403 },
      { operation: 'downloadFile', status: 404 },
      { operation: 'publishFileMessage', status: 400 },
      { operation: 'publishFileMessage', status: 500 },
      { operation: 'listFiles', status: 403 },
      { operation: 'subscribe', status: 400 },
    ]) {
      expect((await armOverHttp(fault)).status).toBe(201);
    }

    const form = (await client.generateUploadUrl('ch', 'b.txt')).body.file_upload_request;
    const upload = await client.upload(form, patternBytes(3));
    expect([upload.status, upload.headers.get('content-type')]).toEqual([403, 'application/xml']);
    expect(upload.body).toContain('<Code>AccessDenied</Code>');

    const download = await client.download(location);
    expect([download.status, download.text]).toEqual([404, expect.stringContaining('<Code>NoSuchKey</Code>')]);
    expect((await client.download(location)).status).toBe(200);

    const message = { file: { id: stored.id, name: stored.name } };
    const refused = await client.publishFile('ch', message);
    expect([refused.status, refused.headers.get('content-type')]).toEqual([400, 'text/javascript; charset="UTF-8"']);
    expect(refused.body).toEqual([0, expect.stringContaining('Bad Request'), expect.stringMatching(/^\d+$/)]);
    const broken = await client.publishFile('ch', message);
    expect(broken.status).toBe(500);
    expect(broken.body).toMatchObject({ status: 500, error: { source: 'files' } });
    expect((await client.publishFile('ch', message)).status).toBe(200);

    const denied = await client.listFiles('ch');
    expect([denied.status, denied.body]).toEqual([
      403,
      expect.objectContaining({ error: true, status: 403, service: 'Access Manager' }),
    ]);

    const poll = await client.subscribe(['ch'], '0');
    expect(poll.status).toBe(400);
    expect(poll.body).toMatchObject({ status: 400, error: true });
    expect(await armedOverHttp()).toEqual([]);
  });

  it('reset drops the connection; delayMs holds the answer at least that long and then answers normally', async () => {
    const client = emulatorClient(emulator);
    const stored = await client.storeFile('ch', 'a.txt', patternBytes(10));
    await armOverHttp({ operation: 'listFiles', reset: true });
    await expect(fetch(`${emulator.url}/v1/files/${SUB_KEY}/channels/ch/files?uuid=${USER}`)).rejects.toThrow();
    expect((await client.listFiles('ch')).status).toBe(200);

    await armOverHttp({ operation: 'getFile', delayMs: 300 });
    const started = performance.now();
    const answer = await client.getFile('ch', stored.id, stored.name);
    // A lower bound only: the delay can never be shorter than asked, however busy the machine.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.status).toBe(307);

    await armOverHttp({ operation: 'deleteFile', delayMs: 50, status: 500 });
    expect((await client.deleteFile('ch', stored.id, stored.name)).status).toBe(500);
    expect((await client.deleteFile('ch', stored.id, stored.name)).status).toBe(200);
  });

  it("a delayed upload is the emulator's wait, not a stalled body: it is not cut by the body time limit", async () => {
    const strict = await startTestEmulator({ requestTimeoutMs: 500 });
    try {
      strict.faults.arm({ operation: 'uploadFile', delayMs: 1500 });
      // 1 MiB: more than the socket buffers hold, so the body waits unread while the fault holds the request.
      const sent = await sdkFor(strict).sendFile({
        channel: 'ch',
        fileName: 'big.bin',
        file: patternBytes(1024 * 1024),
      });
      expect(sent.fileId).toMatch(/./);
    } finally {
      await strict.close();
    }
  });

  it('refuses a requestTimeoutMs that is not a positive whole number', async () => {
    for (const requestTimeoutMs of [0, -1, Number.NaN, 1.5]) {
      await expect(startTestEmulator({ requestTimeoutMs })).rejects.toThrow(
        /requestTimeoutMs must be a positive whole number/,
      );
    }
  });

  it('GET lists armed faults in order, DELETE clears them', async () => {
    await armOverHttp({ operation: 'listFiles', status: 500, times: 3 });
    await armOverHttp({ operation: 'getFile', delayMs: 10 });
    expect(await armedOverHttp()).toMatchObject([
      { operation: 'listFiles', status: 500, remaining: 3 },
      { operation: 'getFile', delayMs: 10, remaining: 1 },
    ]);
    const cleared = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'DELETE',
      headers: { 'X-Emulator-Admin': '1' },
    });
    expect(cleared.status).toBe(200);
    expect(await armedOverHttp()).toEqual([]);
    expect((await emulatorClient(emulator).listFiles('ch')).status).toBe(200);
  });

  it.each([
    [
      { operation: 'sendFile', status: 500 },
      /unknown operation "sendFile": expected an operationId of the spec, one of .*publishFileMessage/,
    ],
    [{ status: 500 }, /unknown operation undefined/],
    [{ operation: 'listFiles', status: 200 }, /status must be an HTTP error status from 400 to 599/],
    [{ operation: 'listFiles', status: 500, times: 0 }, /times must be a whole number/],
    [{ operation: 'listFiles', delayMs: -1 }, /delayMs must be/],
    [{ operation: 'listFiles' }, /needs a status, a delayMs or reset/],
    [{ operation: 'listFiles', status: 500, reset: true }, /not both/],
    [{ operation: 'listFiles', status: 500, time: 2 }, /unknown fault field 'time'/],
    [[{ operation: 'listFiles', status: 500 }], /a fault is a JSON object/],
  ])('refuses %j with 400 and a message saying what is wrong', async (fault, message) => {
    const answer = await armOverHttp(fault);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(message);
    expect(await armedOverHttp()).toEqual([]);
  });

  it('refuses changes without the admin header, preflights, and bodies that are not JSON', async () => {
    const noHeader = await armOverHttp({ operation: 'listFiles', status: 500 }, { 'Content-Type': 'application/json' });
    expect(noHeader.status).toBe(403);
    const clear = await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    expect(clear.status).toBe(403);
    const preflight = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-emulator-admin',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const form = await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'X-Emulator-Admin': '1', 'Content-Type': 'text/plain' },
      body: JSON.stringify({ operation: 'listFiles', status: 500 }),
    });
    expect(form.status).toBe(400);
    expect(await armedOverHttp()).toEqual([]);
    expect((await emulatorClient(emulator).listFiles('ch')).status).toBe(200);
  });
});

describe('from code', () => {
  it('arm, list and clear on the running emulator; a bad fault throws a TypeError naming the problem', async () => {
    const client = emulatorClient(emulator);
    const fault = emulator.faults.arm({ operation: 'listFiles', status: 500, times: 2 });
    expect(fault).toMatchObject({ operation: 'listFiles', status: 500, remaining: 2 });
    expect(await armedOverHttp()).toMatchObject([{ operation: 'listFiles', remaining: 2 }]);
    expect((await client.listFiles('ch')).status).toBe(500);
    expect(emulator.faults.list()).toMatchObject([{ operation: 'listFiles', remaining: 1 }]);
    emulator.faults.clear();
    expect((await client.listFiles('ch')).status).toBe(200);
    expect(() => emulator.faults.arm({ operation: 'nope', status: 500 })).toThrow(TypeError);
    expect(() => emulator.faults.arm({ operation: 'nope', status: 500 })).toThrow(/unknown operation "nope"/);
  });

  it('faults given at start-up are armed before the first call', async () => {
    const started = await startTestEmulator({ faults: [{ operation: 'listFiles', status: 500 }] });
    try {
      const url = `${started.url}/v1/files/${SUB_KEY}/channels/ch/files?uuid=${enc(USER)}`;
      expect((await conforming('listFiles', await fetch(url))).status).toBe(500);
      expect((await conforming('listFiles', await fetch(url))).status).toBe(200);
    } finally {
      await started.close();
    }
    await expect(startTestEmulator({ faults: [{ operation: 'listFiles' }] })).rejects.toThrow(/needs a status/);
  });

  it('the recipe: five failing publishes make sendFile fail with PNPublishFileMessageOperation, and publishFileMessage finishes it', async () => {
    const pubnub = sdkFor(emulator, { retryPolicy: { baseDelayMs: 1, maxDelayMs: 2 } });
    emulator.faults.arm({ operation: 'publishFileMessage', status: 500, times: 5 });
    const error = await pubnub.sendFile({ channel: 'recipe', fileName: 'report.txt', file: 'quarterly numbers' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isPubNubError(error)).toBe(true);
    if (!isPubNubError(error)) return;
    expect(error.status).toMatchObject({
      operation: 'PNPublishFileMessageOperation',
      statusCode: 500,
      channel: 'recipe',
      fileName: 'report.txt',
    });
    expect(error.message).toContain('after 5 attempts');
    // The upload went through: the file is listed, and all five faults were used by the five publish attempts.
    expect(emulator.faults.list()).toEqual([]);
    const { fileId, fileName } = error.status as { fileId: string; fileName: string };
    expect((await pubnub.listFiles({ channel: 'recipe' })).data.map((f) => f.id)).toEqual([fileId]);

    const finished = await pubnub.publishFileMessage({ channel: 'recipe', fileId, fileName });
    expect(finished.timestamp).toMatch(/^\d{17}$/);
  });
});

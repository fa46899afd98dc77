// Hundreds of requests at once against one emulator: every one answered (good ones correctly, bad ones with the
// service error body), every acknowledged file stored byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import { digest, emulatorClient, patternBytes, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';

let emulator: RunningEmulator;
let api: ReturnType<typeof emulatorClient>;
beforeAll(async () => {
  emulator = await startTestEmulator({ subscribeHoldMs: 20_000 });
  api = emulatorClient(emulator);
});
afterAll(() => emulator.close());

describe('the emulator under 200+ concurrent requests', () => {
  it('250 at once: 100 uploads, 100 listings and 50 bad requests; every upload stored intact', async () => {
    const uploads = Array.from({ length: 100 }, async (_, i) => {
      const bytes = patternBytes(1000 + i, i);
      const { id, name } = await api.storeFile('crowd', `f-${i}.bin`, bytes);
      return { id, name, bytes };
    });
    const listings = Array.from({ length: 100 }, () =>
      fetch(`${emulator.url}/v1/files/${SUB_KEY}/channels/crowd/files?uuid=u`),
    );
    const bad = Array.from({ length: 50 }, (_, i) =>
      fetch(`${emulator.url}/storage/`, {
        method: 'POST',
        body: `garbage ${i}`,
        headers: { 'Content-Type': 'multipart/form-data; boundary=zz' },
      }),
    );
    const [stored, listed, refused] = await Promise.all([
      Promise.all(uploads),
      Promise.all(listings),
      Promise.all(bad),
    ]);
    expect(listed.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(refused.map((r) => r.status)).toEqual(Array(50).fill(400));
    expect(
      (await Promise.all(refused.map((r) => r.text()))).every((text) =>
        text.includes('<Error><Code>MalformedPOSTRequest</Code>'),
      ),
    ).toBe(true);

    const page = (await api.listFiles('crowd', '&limit=100')).body;
    expect(page.count).toBe(100);
    const downloads = await Promise.all(
      stored.map(async ({ id, name, bytes }) => {
        const location = (await api.getFile('crowd', id, name)).headers.get('location') ?? '';
        return digest((await api.download(location)).bytes) === digest(bytes);
      }),
    );
    expect(downloads.every(Boolean)).toBe(true);
  }, 120_000);

  it('200 SDK sendFile calls at once all succeed, each file listed with its size', async () => {
    const pubnub = new PubNub({
      origin: emulator.origin,
      ssl: false,
      subscribeKey: SUB_KEY,
      publishKey: 'pub',
      userId: 'crowd',
    });
    const sent = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        pubnub.sendFile({ channel: 'sdk-crowd', fileName: `s-${i}.txt`, file: `file number ${i}` }),
      ),
    );
    expect(new Set(sent.map((s) => s.fileId)).size).toBe(200);
    const listed = [...(await pubnub.listFiles({ channel: 'sdk-crowd', limit: 100 })).data];
    let next = (await pubnub.listFiles({ channel: 'sdk-crowd', limit: 100 })).next;
    while (next !== null) {
      const page = await pubnub.listFiles({ channel: 'sdk-crowd', limit: 100, next });
      listed.push(...page.data);
      next = page.next;
    }
    expect(listed).toHaveLength(200);
    const byName = new Map(listed.map((f) => [f.name, f.size]));
    for (let i = 0; i < 200; i++) expect(byName.get(`s-${i}.txt`)).toBe(`file number ${i}`.length);
  }, 120_000);

  it('200 held subscribe polls all receive the one file message published', async () => {
    const handshake = await api.subscribe(['held'], '0');
    const tt = handshake.body.t.t;
    const polls = Array.from({ length: 200 }, () => api.subscribe(['held'], tt));
    // Held or not yet arrived, each poll asked from `tt`, so the message reaches every one of them.
    expect((await api.publishFile('held', { message: 'to all', file: { id: 'id-1', name: 'n.txt' } })).status).toBe(
      200,
    );
    const answers = await Promise.all(polls);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.m.map((item) => (item.d as { message?: unknown }).message)).toEqual(['to all']);
    }
  }, 120_000);
});

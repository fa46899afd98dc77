// Corrupt ciphertext, as a damaged store or a hostile publisher hands it over: a download fails with a typed
// decryption error (never bytes that are not the file), and a file event carries the error while the loop goes on.
import { describe, expect, it } from 'vitest';
import { createCryptoModule } from '../../src/highlevel/crypto/module.ts';
import type { FileEvent } from '../../src/highlevel/subscribe/file-event.ts';
import { bytesToBase64 } from '../../src/lowlevel/platform.ts';
import { fakeService } from '../support/sdk-fake-service.ts';
import { client, expectTypedError, rejection, scriptedSubscribe } from './support.ts';

const IV = new TextEncoder().encode('knightsofni12345');
const pinned = (cipherKey: string, acrh: boolean) =>
  acrh
    ? createCryptoModule({ cipherKey, acrh: true, useRandomIVs: true, randomBytes: () => IV })
    : createCryptoModule({ cipherKey, acrh: false, useRandomIVs: true, randomBytes: () => IV });
const reader = pinned('the right key', true);
const plain = new TextEncoder().encode('Knights who say Ni! '.repeat(3));
const good = await reader.encryptFile(plain);
const header = (version: number, cryptor: string, metadataLength: number) =>
  new Uint8Array([...new TextEncoder().encode('PNED'), version, ...new TextEncoder().encode(cryptor), metadataLength]);
const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((part) => [...part]));
const flipped = (bytes: Uint8Array, at: number) =>
  bytes.map((byte, index) => (index === (at + bytes.length) % bytes.length ? byte ^ 0x5a : byte));

const files: Array<[string, Uint8Array]> = [
  ['no bytes', new Uint8Array(0)],
  ['15 bytes', good.subarray(0, 15)],
  ['a header and nothing else', header(1, 'ACRH', 16)],
  ['a header of version 2', concat(header(2, 'ACRH', 16), IV, good.subarray(26))],
  ['an unknown cryptor id', concat(header(1, 'XXXX', 16), IV, good.subarray(26))],
  ['a metadata length of 8', concat(header(1, 'ACRH', 8), IV.subarray(0, 8), good.subarray(26))],
  ['a 16-bit metadata length past the end', concat(header(1, 'ACRH', 255), new Uint8Array([0xff, 0xff]), IV)],
  ['a header and IV without ciphertext', concat(header(1, 'ACRH', 16), IV)],
  ['ciphertext cut inside a block', good.subarray(0, good.length - 5)],
  ['the last block changed (padding)', flipped(good, -1)],
  ['the right format under another key', await pinned('another key', true).encryptFile(plain)],
  ['a legacy file of 31 bytes', concat(IV, new Uint8Array(15))],
  ['a legacy file under another key', await pinned('another key', false).encryptFile(plain)],
];

describe('downloadFile with corrupt ciphertext', () => {
  it.each(files)('%s: PNDecryptionErrorCategory, no bytes', async (_, stored) => {
    const service = fakeService({
      file: () => new Response(new Uint8Array(stored), { headers: { 'Content-Type': 'application/octet-stream' } }),
    });
    const pubnub = client({ fetch: service.fetch, cryptoModule: reader });
    const error = expectTypedError(
      await rejection(pubnub.downloadFile({ channel: 'c', fileId: 'i', fileName: 'n' })),
      'PNDecryptionErrorCategory',
    );
    expect(error.status.operation).toBe('PNDownloadFileOperation');
  });

  it('the untouched ciphertext still decrypts (the cases above differ from it only in their damage)', async () => {
    const service = fakeService({ file: () => new Response(good) });
    const { data } = await client({ fetch: service.fetch, cryptoModule: reader }).downloadFile({
      channel: 'c',
      fileId: 'i',
      fileName: 'n',
    });
    expect(new TextDecoder().decode(data)).toBe(new TextDecoder().decode(plain));
  });
});

const encrypted = async (text: string | Uint8Array) => bytesToBase64(await reader.encrypt(text));
const messages: Array<[string, unknown, string]> = [
  ['not base64', '!!! not base64 !!!', 'PNDecryptionErrorCategory'],
  ['5 bytes of base64', bytesToBase64(new Uint8Array(5)), 'PNDecryptionErrorCategory'],
  ['encrypted text that is not JSON', await encrypted('not json'), 'PNDecryptionErrorCategory'],
  [
    'encrypted bytes that are not UTF-8',
    await encrypted(new Uint8Array([0xff, 0xfe, 0xc0])),
    'PNDecryptionErrorCategory',
  ],
  ['encrypted JSON without a file', await encrypted('{"message":"hi"}'), 'PNDecryptionErrorCategory'],
  ['encrypted JSON null', await encrypted('null'), 'PNDecryptionErrorCategory'],
  [
    'a header with an unknown cryptor',
    bytesToBase64(concat(header(1, 'ZZZZ', 16), IV, good.subarray(26))),
    'PNDecryptionErrorCategory',
  ],
  [
    'encrypted under another key',
    bytesToBase64(await pinned('another key', true).encrypt('{"file":{"id":"i","name":"n"}}')),
    'PNDecryptionErrorCategory',
  ],
  ['a plain message whose file id is a number', { file: { id: 5, name: 'n' } }, 'PNMalformedResponseCategory'],
  ['a plain message that is a number', 12, 'PNMalformedResponseCategory'],
  ['a plain message that is null', null, 'PNMalformedResponseCategory'],
  ['a plain message with an empty name', { file: { id: 'i', name: '' } }, 'PNMalformedResponseCategory'],
];

describe('file events with corrupt payloads', () => {
  it.each(messages)('%s: an event with %s… and the next file still arrives', async (_, payload, category) => {
    const item = (d: unknown, t: string) => ({
      a: '1',
      c: 'room',
      d,
      e: 4,
      i: 'sender',
      k: 'sub-c-hostile',
      p: { t, r: 1 },
    });
    const fetch = scriptedSubscribe([
      { t: { t: '17000000000000000', r: 1 }, m: [] },
      {
        t: { t: '17000000000000003', r: 1 },
        m: [
          item(payload, '17000000000000001'),
          item(await encrypted('{"file":{"id":"i","name":"after.txt"}}'), '17000000000000002'),
        ],
      },
    ]);
    const controller = new AbortController();
    const events: FileEvent[] = [];
    for await (const event of client({ fetch, cryptoModule: reader }).fileEvents(['room'], {
      signal: controller.signal,
    })) {
      if (events.push(event) === 2) controller.abort();
    }
    expect(events[0]!.file).toBeUndefined();
    expectTypedError(events[0]!.error, category);
    expect(events[1]!.file?.name).toBe('after.txt');
  });
});

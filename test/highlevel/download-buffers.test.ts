// What downloadFile hands back is a buffer of exactly the file (or, decrypted on node:crypto, a view at most one
// padding block shorter than its buffer), whether the server announced the size, announced it wrongly or not at all.
import { describe, expect, it, vi } from 'vitest';
import { ByteSink, joined } from '../../src/highlevel/byte-sink.ts';
import { CryptoModule } from '../../src/highlevel/crypto/index.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import { fakeService } from '../support/sdk-fake-service.ts';
import { KEYS } from '../support/keys.ts';

const FILE = Uint8Array.from({ length: 300_001 }, (_, i) => (i * 31) & 255);

/** The bytes in pieces of `size`, as a stream: the Response then carries no Content-Length. */
function streamed(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

const answers: Array<[string, (stored: Uint8Array) => Response]> = [
  ['announced', (stored) => new Response(stored as Uint8Array<ArrayBuffer>)],
  ['not announced (a stream of 1,000-byte pieces)', (stored) => new Response(streamed(stored, 1000))],
  ['not announced (one byte at a time at first)', (stored) => new Response(streamed(stored, 1))],
  [
    'compressed (Content-Length ignored)',
    (stored) =>
      new Response(streamed(stored, 70_000), {
        headers: { 'Content-Encoding': 'identity-for-test', 'Content-Length': '7' },
      }),
  ],
];

describe('downloadFile buffers', { timeout: 60_000 }, () => {
  for (const [name, answer] of answers) {
    it(`plain, size ${name}: exactly the file`, async () => {
      const service = fakeService({ file: () => answer(FILE) });
      const { data } = await new PubNub({ ...KEYS, fetch: service.fetch }).downloadFile({
        channel: 'c',
        fileId: 'i',
        fileName: 'n',
      });
      expect(Buffer.from(data).equals(Buffer.from(FILE))).toBe(true);
      expect(data.byteOffset).toBe(0);
      expect(data.buffer.byteLength).toBe(FILE.length);
    });

    it(`encrypted, size ${name}: the file, in a buffer at most one padding block longer`, async () => {
      const crypto = CryptoModule.aesCbcCryptoModule({ cipherKey: 'buffers' });
      const stored = await crypto.encryptFile(FILE);
      const service = fakeService({ file: () => answer(stored) });
      const { data } = await new PubNub({ ...KEYS, cryptoModule: crypto, fetch: service.fetch }).downloadFile({
        channel: 'c',
        fileId: 'i',
        fileName: 'n',
      });
      expect(Buffer.from(data).equals(Buffer.from(FILE))).toBe(true);
      expect(data.buffer.byteLength - data.byteLength).toBeLessThanOrEqual(16);
    });
  }
});

describe('downloadFile decrypts as the body arrives', { timeout: 60_000 }, () => {
  it("on node:crypto, this package's module is never asked to decrypt the whole body", async () => {
    const crypto = CryptoModule.aesCbcCryptoModule({ cipherKey: 'streamed' });
    const stored = await crypto.encryptFile(FILE);
    const decryptFile = vi.spyOn(crypto, 'decryptFile');
    const service = fakeService({ file: () => new Response(streamed(stored, 64 * 1024)) });
    const { data } = await new PubNub({ ...KEYS, cryptoModule: crypto, fetch: service.fetch }).downloadFile({
      channel: 'c',
      fileId: 'i',
      fileName: 'n',
    });
    expect(Buffer.from(data).equals(Buffer.from(FILE))).toBe(true);
    expect(decryptFile).not.toHaveBeenCalled();
  });

  it('a module of its own (a copy of the methods) gets the whole body through decryptFile', async () => {
    const crypto = { ...CryptoModule.aesCbcCryptoModule({ cipherKey: 'whole' }) };
    const stored = await crypto.encryptFile(FILE);
    const decryptFile = vi.spyOn(crypto, 'decryptFile');
    const service = fakeService({ file: () => new Response(stored) });
    const { data } = await new PubNub({ ...KEYS, cryptoModule: crypto, fetch: service.fetch }).downloadFile({
      channel: 'c',
      fileId: 'i',
      fileName: 'n',
    });
    expect(Buffer.from(data).equals(Buffer.from(FILE))).toBe(true);
    expect(decryptFile).toHaveBeenCalledTimes(1);
    expect(decryptFile.mock.calls[0]![0].length).toBe(stored.length);
  });
});

describe('ByteSink', () => {
  it('keeps what is written, in order, across growth, in a buffer of exactly that size', () => {
    for (const capacity of [0, 1, 10, 25, 1000]) {
      const sink = new ByteSink(capacity);
      const pieces = [Uint8Array.of(1, 2, 3), new Uint8Array(0), Uint8Array.of(4), new Uint8Array(20).fill(9)];
      for (const piece of pieces) sink.write(piece);
      const bytes = sink.bytes();
      expect(Array.from(bytes)).toEqual([1, 2, 3, 4, ...new Array(20).fill(9)]);
      expect(bytes.buffer.byteLength).toBe(24);
      expect(sink.length).toBe(24);
    }
  });
});

describe('joined', () => {
  it('joins the first `length` bytes of the pieces, stopping mid-piece', () => {
    const pieces = [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3, 4, 5)];
    expect(Array.from(joined(pieces, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(joined(pieces, 3))).toEqual([1, 2, 3]);
    expect(joined(pieces, 0).length).toBe(0);
  });
});

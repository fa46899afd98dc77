// The two SDKs behind one small interface, each used the way its documentation shows, with its defaults. Both are
// the installed packages as users import them: this one built, by its name (our-sdk.ts), the official one from
// node_modules.
import OfficialPubNub from 'pubnub';
import { CryptoModule, PubNub } from './our-sdk.ts';
import { BENCH_KEYS } from './keys.ts';

export interface FileRef {
  id: string;
  name: string;
}

export interface SdkClient {
  sendFile(channel: string, name: string, bytes: Uint8Array): Promise<FileRef>;
  /** The file's bytes as the caller gets them (decrypted when the client encrypts). */
  downloadFile(channel: string, id: string, name: string): Promise<Uint8Array>;
  /** Walks every page; the number of files seen. */
  listAll(channel: string, pageSize: number): Promise<number>;
  destroy(): void;
}

const { cipherKey, ...keys } = BENCH_KEYS;

/** Follows `next` tokens to the last page; the number of files seen. Both SDKs page the same way. */
async function countPages(
  listPage: (next: string | undefined) => Promise<{ data: unknown[]; next?: string | null | undefined }>,
): Promise<number> {
  let seen = 0;
  let next: string | undefined;
  do {
    const page = await listPage(next);
    seen += page.data.length;
    next = page.next ?? undefined;
  } while (next !== undefined);
  return seen;
}

/** `encrypted`: the AES-CBC crypto module with the bench cipher key. */
export function ourClient(origin: string, encrypted: boolean): SdkClient {
  const client = new PubNub({
    ...keys,
    origin,
    ssl: false,
    ...(encrypted ? { cryptoModule: CryptoModule.aesCbcCryptoModule({ cipherKey }) } : {}),
  });
  return {
    async sendFile(channel, name, bytes) {
      const sent = await client.sendFile({ channel, fileName: name, file: bytes });
      return { id: sent.fileId, name: sent.name };
    },
    async downloadFile(channel, id, name) {
      return (await client.downloadFile({ channel, fileId: id, fileName: name })).data;
    },
    listAll: (channel, pageSize) =>
      countPages((next) => client.listFiles({ channel, limit: pageSize, ...(next === undefined ? {} : { next }) })),
    destroy() {},
  };
}

export function officialClient(origin: string, encrypted: boolean): SdkClient {
  const client = new OfficialPubNub({
    ...keys,
    origin,
    ssl: false,
    ...(encrypted ? { cryptoModule: OfficialPubNub.CryptoModule.aesCbcCryptoModule({ cipherKey }) } : {}),
  });
  return {
    async sendFile(channel, name, bytes) {
      // A Buffer view of the same memory: the official Node SDK wants a Buffer (or a stream), not a Uint8Array.
      const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const sent = await client.sendFile({ channel, file: { data, name, mimeType: 'application/octet-stream' } });
      return { id: sent.id, name: sent.name };
    },
    async downloadFile(channel, id, name) {
      const file = await client.downloadFile({ channel, id, name });
      return (await file.toBuffer()) as Uint8Array;
    },
    listAll: (channel, pageSize) =>
      countPages((next) => client.listFiles({ channel, limit: pageSize, ...(next === undefined ? {} : { next }) })),
    destroy() {
      client.destroy();
    },
  };
}

import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.ts';
import type { components } from '../../src/generated/pubnub-files.ts';
import { encodePathSegment } from '../../src/lowlevel/encoding.ts';
import { createSpecValidator } from './spec.ts';

/**
 * Raw-HTTP access to a running emulator for the emulator tests. Every response read through it is checked against
 * the spec (test/support/spec.ts), so a test that exercises an operation also proves the emulator answers per spec.
 */

const spec = createSpecValidator();

export const SUB_KEY = 'sub-c-emulator-test';
export const PUB_KEY = 'pub-c-emulator-test';
export const USER = 'user-1';

/** PubNub's percent-encoding for paths and query values: the one function the SDK and the emulator use too. */
export const enc = encodePathSegment;

export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ inMemory: true, subscribeHoldMs: 5_000, ...options });
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Reads a response as its media type says, and asserts it conforms to the spec for `operationId`. */
export async function conforming<T = any>(operationId: string, response: Response): Promise<Answer<T>> {
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const text = await response.text();
  // text/javascript (publish) is JSON text: the spec checks the text, the tests read it parsed.
  const raw = text === '' ? undefined : text;
  const body: unknown = mediaType === 'application/json' || mediaType === 'text/javascript' ? JSON.parse(text) : raw;
  const result = spec.validateResponse(
    operationId,
    response.status,
    mediaType || undefined,
    mediaType === 'application/json' ? body : raw,
  );
  expect(result.errors, `${operationId} ${response.status} ${mediaType}: ${text.slice(0, 300)}`).toEqual([]);
  expect(result.valid).toBe(true);
  return { status: response.status, headers: response.headers, body: body as T };
}

export interface UploadForm {
  url: string;
  method: string;
  expiration_date: string;
  form_fields: Array<{ key: string; value: string }>;
}

export interface Generated {
  status: number;
  data: { id: string; name: string };
  file_upload_request: UploadForm;
}

/** A client for one emulator, one key set, one user. */
export function emulatorClient(emulator: Pick<RunningEmulator, 'url'>, subKey = SUB_KEY, uuid = USER) {
  const common = `uuid=${enc(uuid)}&pnsdk=${enc('PubNub-Test-Emulator/1.0.0')}`;
  const filesBase = (channel: string) => `${emulator.url}/v1/files/${enc(subKey)}/channels/${enc(channel)}`;

  return {
    async generateUploadUrl(channel: string, name: string) {
      return conforming<Generated>(
        'generateUploadUrl',
        await fetch(`${filesBase(channel)}/generate-upload-url?${common}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ name }),
        }),
      );
    },

    /** Posts the form as a browser or SDK would: the fields in order, then the file, last. */
    async upload(form: UploadForm, bytes: Uint8Array<ArrayBuffer>, change: (fields: FormData) => void = () => {}) {
      const body = new FormData();
      for (const { key, value } of form.form_fields) body.append(key, value);
      change(body);
      body.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'upload.bin');
      return conforming<string | undefined>('uploadFile', await fetch(form.url, { method: 'POST', body }));
    },

    /** generateUploadUrl then upload: the stored file's id and name. */
    async storeFile(channel: string, name: string, bytes: Uint8Array<ArrayBuffer>) {
      const generated = await this.generateUploadUrl(channel, name);
      expect(generated.status).toBe(200);
      const uploaded = await this.upload(generated.body.file_upload_request, bytes);
      expect(uploaded.status).toBe(204);
      return generated.body.data;
    },

    async publishFile(channel: string, message: unknown, query = '', pubKey = PUB_KEY) {
      const url = `${emulator.url}/v1/files/publish-file/${enc(pubKey)}/${enc(subKey)}/0/${enc(channel)}/0/${enc(JSON.stringify(message))}`;
      return conforming<[number, string, string]>('publishFileMessage', await fetch(`${url}?${common}${query}`));
    },

    async listFiles(channel: string, query = '') {
      return conforming<{
        status: number;
        data: Array<{ id: string; name: string; size: number; created: string }>;
        next: string | null;
        count: number;
      }>('listFiles', await fetch(`${filesBase(channel)}/files?${common}${query}`));
    },

    fileUrl(channel: string, id: string, name: string) {
      return `${filesBase(channel)}/files/${enc(id)}/${enc(name)}?${common}`;
    },

    async getFile(channel: string, id: string, name: string) {
      return conforming<string | undefined>(
        'getFile',
        await fetch(this.fileUrl(channel, id, name), { redirect: 'manual' }),
      );
    },

    async download(location: string) {
      const response = await fetch(location);
      const type = response.headers.get('content-type') ?? '';
      if (response.status === 200) {
        return { status: 200, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()), type };
      }
      const answer = await conforming<string>('downloadFile', response);
      return { status: answer.status, headers: answer.headers, bytes: new Uint8Array(), type, text: answer.body };
    },

    async deleteFile(channel: string, id: string, name: string) {
      return conforming<{ status: number }>(
        'deleteFile',
        await fetch(this.fileUrl(channel, id, name), { method: 'DELETE' }),
      );
    },

    async subscribe(channels: string[], tt: string, signal?: AbortSignal) {
      const url = `${emulator.url}/v2/subscribe/${enc(subKey)}/${channels.map(enc).join(',')}/0?${common}&tt=${tt}&tr=1`;
      return conforming<SubscribeAnswer>('subscribe', await fetch(url, signal === undefined ? {} : { signal }));
    },
  };
}

export type SubscribeItem = components['schemas']['SubscribeMessage'];
export type SubscribeAnswer = components['schemas']['SubscribeBatch'];

/**
 * File names that break naive clients and stores: spaces, unicode, path traversal, `+`, `%`, `#`, `?`, quotes and
 * the characters encodeURIComponent leaves alone, and a 255-character name.
 */
export const TRICKY_NAMES = [
  'plain.txt',
  'with space.txt',
  'ünïcödé-ファイル-😀.txt',
  'a/b/../../etc/passwd',
  'plus+sign.txt',
  'percent%20not-an-escape%.txt',
  'hash#fragment.txt',
  'question?mark=1&x.txt',
  'quote\'"!*()~.txt',
  `${'n'.repeat(251)}.txt`,
];

/** Bytes of a given length with a recognisable pattern. */
export function patternBytes(length: number, seed = 7): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

/** A digest to compare byte arrays by: vitest's deep equality walks megabytes element by element. */
export function digest(bytes: Uint8Array): string {
  return `${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}`;
}

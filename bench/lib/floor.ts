// The floor: the least work that does the same job. Plain fetch for the three requests of a send (docs/protocol.md A2:
// generate upload URL, upload the form, publish) and the one GET of a download; raw node:crypto AES-256-CBC for
// the encrypted rows, writing the same bytes as the SDKs' AES-CBC (ACRH) and legacy formats (A4). No validation,
// no retries, no error mapping: whatever an SDK spends beyond this is its own overhead.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { BENCH_KEYS } from './keys.ts';

export type Scheme = 'legacy' | 'aesCbc';

const IV_LENGTH = 16;
// PNED, version 1, cryptor ACRH, metadata length 16 (the IV follows).
const ACRH_PREFIX = Buffer.from([...Buffer.from('PNED'), 1, ...Buffer.from('ACRH'), IV_LENGTH]);
export const ACRH_HEADER_LENGTH = ACRH_PREFIX.length + IV_LENGTH;

export function floorKey(scheme: Scheme, cipherKey: string): Buffer {
  const digest = createHash('sha256').update(cipherKey, 'utf8');
  return scheme === 'aesCbc' ? digest.digest() : Buffer.from(digest.digest('hex').slice(0, 32), 'utf8');
}

export function floorEncrypt(scheme: Scheme, key: Buffer, plain: Uint8Array): Buffer {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const prefix = scheme === 'aesCbc' ? [ACRH_PREFIX, iv] : [iv];
  return Buffer.concat([...prefix, cipher.update(plain), cipher.final()]);
}

export function floorDecrypt(scheme: Scheme, key: Buffer, stored: Uint8Array): Buffer {
  const ivStart = scheme === 'aesCbc' ? ACRH_PREFIX.length : 0;
  const iv = stored.subarray(ivStart, ivStart + IV_LENGTH);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([decipher.update(stored.subarray(ivStart + IV_LENGTH)), decipher.final()]);
}

const enc = encodeURIComponent;

export interface FloorClient {
  sendFile(channel: string, name: string, bytes: Uint8Array): Promise<{ id: string; name: string }>;
  downloadFile(channel: string, id: string, name: string): Promise<Uint8Array>;
}

/** `encrypted`: files and file messages in AES-CBC (ACRH) with the bench cipher key. */
export function floorClient(url: string, encrypted: boolean): FloorClient {
  const key = encrypted ? floorKey('aesCbc', BENCH_KEYS.cipherKey) : undefined;
  const common = `uuid=${enc(BENCH_KEYS.userId)}&pnsdk=${enc('Bench-Floor/1.0.0')}`;
  const { subscribeKey: sub, publishKey: pub } = BENCH_KEYS;

  return {
    async sendFile(channel, name, bytes) {
      const generated = await fetch(`${url}/v1/files/${sub}/channels/${enc(channel)}/generate-upload-url?${common}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      const { data, file_upload_request: upload } = (await generated.json()) as {
        data: { id: string; name: string };
        file_upload_request: { url: string; form_fields: Array<{ key: string; value: string }> };
      };
      const form = new FormData();
      for (const field of upload.form_fields) form.append(field.key, field.value);
      const stored = key === undefined ? bytes : floorEncrypt('aesCbc', key, bytes);
      form.append(
        'file',
        new Blob([stored as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
        data.name,
      );
      const uploaded = await fetch(upload.url, { method: 'POST', body: form });
      await uploaded.arrayBuffer();
      if (uploaded.status !== 204) throw new Error(`floor upload: storage answered ${uploaded.status}`);

      const message = JSON.stringify({ file: { id: data.id, name: data.name } });
      const segment =
        key === undefined
          ? message
          : JSON.stringify(floorEncrypt('aesCbc', key, Buffer.from(message)).toString('base64'));
      const published = await fetch(
        `${url}/v1/files/publish-file/${pub}/${sub}/0/${enc(channel)}/0/${enc(segment)}?store=1&${common}`,
      );
      const answer = (await published.json()) as [number, string, string];
      if (answer[0] !== 1) throw new Error(`floor publish failed: ${JSON.stringify(answer)}`);
      return data;
    },

    async downloadFile(channel, id, name) {
      const response = await fetch(
        `${url}/v1/files/${sub}/channels/${enc(channel)}/files/${enc(id)}/${enc(name)}?${common}`,
      );
      if (response.status !== 200) throw new Error(`floor download: ${response.status}`);
      const stored = new Uint8Array(await response.arrayBuffer());
      return key === undefined ? stored : floorDecrypt('aesCbc', key, stored);
    },
  };
}

/** Deletes a file without timing it (keeps the emulator's memory flat across hundreds of 5 MiB sends). */
export async function floorDelete(url: string, channel: string, id: string, name: string): Promise<void> {
  const { subscribeKey: sub, userId } = BENCH_KEYS;
  const response = await fetch(
    `${url}/v1/files/${sub}/channels/${enc(channel)}/files/${enc(id)}/${enc(name)}?uuid=${enc(userId)}`,
    {
      method: 'DELETE',
    },
  );
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`delete ${id}: ${response.status}`);
}

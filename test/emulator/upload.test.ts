import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import {
  conforming,
  emulatorClient,
  digest,
  patternBytes,
  startTestEmulator,
  type UploadForm,
} from '../support/emulator-harness.ts';

const MAX = 5_242_880;
let emulator: RunningEmulator;
afterEach(() => emulator.close());

async function freshForm(options: Parameters<typeof startTestEmulator>[0] = {}) {
  emulator = await startTestEmulator(options);
  const client = emulatorClient(emulator);
  const { body } = await client.generateUploadUrl('uploads', 'report.pdf');
  return { client, form: body.file_upload_request, data: body.data };
}

function s3Code(xml: string | undefined): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(xml ?? '')?.[1];
}

function withField(form: UploadForm, key: string, value: string): UploadForm {
  return { ...form, form_fields: form.form_fields.map((f) => (f.key === key ? { key, value } : f)) };
}

describe('the storage upload endpoint', () => {
  it('accepts exactly 5 MiB and stores it with the Content-Type of the form', async () => {
    const { client, form, data } = await freshForm();
    const bytes = patternBytes(MAX);
    expect((await client.upload(form, bytes)).status).toBe(204);
    const listed = await client.listFiles('uploads');
    expect(listed.body.data[0]).toMatchObject({ id: data.id, size: MAX });
    const download = await client.download(
      (await client.getFile('uploads', data.id, data.name)).headers.get('location') ?? '',
    );
    expect(download.type).toBe('application/pdf');
    expect(digest(download.bytes)).toBe(digest(bytes));
  });

  it('refuses one byte more with EntityTooLarge naming the proposed and allowed sizes, and stores nothing', async () => {
    const { client, form } = await freshForm();
    const answer = await client.upload(form, patternBytes(5_244_681));
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>EntityTooLarge</Code>');
    expect(answer.body).toContain('<ProposedSize>5244681</ProposedSize>');
    expect(answer.body).toContain('<MaxSizeAllowed>5242880</MaxSizeAllowed>');
    expect((await client.listFiles('uploads')).body.count).toBe(0);
  });

  it('refuses a body declared too large from its Content-Length, before parsing it', async () => {
    const { form } = await freshForm();
    const boundary = 'xBOUNDARYx';
    const head = form.form_fields
      .map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.value}\r\n`)
      .join('');
    const filePart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const fileSize = 20 * 1024 * 1024;
    const prefix = new TextEncoder().encode(head + filePart);
    let sent = 0;
    // The proposed size is the declared body length: the emulator decided before counting the file's bytes.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(prefix);
        else if (sent < fileSize) controller.enqueue(new Uint8Array(Math.min(1 << 20, fileSize - sent)));
        else return controller.close();
        sent += sent === 0 ? 1 : Math.min(1 << 20, fileSize - sent);
      },
    });
    const declared = prefix.length + fileSize + tail.length;
    const response = await fetch(form.url, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(declared) },
      body,
      duplex: 'half',
    } as RequestInit);
    const answer = await conforming<string>('uploadFile', response);
    expect(answer.status).toBe(400);
    expect(s3Code(answer.body)).toBe('EntityTooLarge');
    expect(answer.body).toContain(`<ProposedSize>${declared}</ProposedSize>`);
  });

  it('refuses an undeclared-length (chunked) body once it grows past the limit', async () => {
    const { form } = await freshForm();
    const boundary = 'yBOUNDARYy';
    const head = form.form_fields
      .map((f) => `--${boundary}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.value}\r\n`)
      .join('');
    const prefix = new TextEncoder().encode(
      `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`,
    );
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks++;
        if (chunks === 1) controller.enqueue(prefix);
        else if (chunks < 40) controller.enqueue(new Uint8Array(256 * 1024));
        else controller.close();
      },
    });
    const response = await fetch(form.url, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    const answer = await conforming<string>('uploadFile', response);
    expect(answer.status).toBe(400);
    expect(s3Code(answer.body)).toBe('EntityTooLarge');
  });

  it('refuses an expired form with AccessDenied "Policy expired."', async () => {
    let clock = Date.parse('2026-01-01T12:00:00Z');
    const { client, form } = await freshForm({ now: () => clock });
    clock += 61_000;
    const answer = await client.upload(form, patternBytes(10));
    expect(answer.status).toBe(403);
    expect(s3Code(answer.body)).toBe('AccessDenied');
    expect(answer.body).toContain('Invalid according to Policy: Policy expired.');
  });

  it('accepts a form just before it expires', async () => {
    let clock = Date.parse('2026-01-01T12:00:00Z');
    const { client, form } = await freshForm({ now: () => clock });
    clock += 59_000;
    expect((await client.upload(form, patternBytes(10))).status).toBe(204);
  });

  it('refuses a tampered signature with SignatureDoesNotMatch', async () => {
    const { client, form } = await freshForm();
    const signature = form.form_fields.find((f) => f.key === 'X-Amz-Signature')!.value;
    const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
    const answer = await client.upload(withField(form, 'X-Amz-Signature', flipped), patternBytes(10));
    expect(answer.status).toBe(403);
    expect(s3Code(answer.body)).toBe('SignatureDoesNotMatch');
  });

  it('refuses a tampered policy (a larger size limit) even with the signature it came with', async () => {
    const { client, form } = await freshForm();
    const policy = JSON.parse(
      Buffer.from(form.form_fields.find((f) => f.key === 'Policy')!.value, 'base64').toString(),
    );
    policy.conditions = policy.conditions.map((c: unknown) =>
      Array.isArray(c) && c[0] === 'content-length-range' ? [c[0], 0, 1e9] : c,
    );
    const forged = Buffer.from(JSON.stringify(policy)).toString('base64');
    const answer = await client.upload(withField(form, 'Policy', forged), patternBytes(10));
    expect(answer.status).toBe(403);
    expect(s3Code(answer.body)).toBe('SignatureDoesNotMatch');
  });

  it.each([
    ['key', 'sub-c-x/other/00000000-0000-4000-8000-000000000000/evil.txt'],
    ['tagging', '<Tagging><TagSet><Tag><Key>ObjectTTLInDays</Key><Value>3650</Value></Tag></TagSet></Tagging>'],
  ])('refuses a form whose %s no longer matches its policy', async (key, value) => {
    const { client, form } = await freshForm();
    const answer = await client.upload(withField(form, key, value), patternBytes(10));
    expect(answer.status).toBe(403);
    expect(s3Code(answer.body)).toBe('AccessDenied');
    expect(answer.body).toContain(`Policy Condition failed: ["eq","$${key}"`);
  });

  it('refuses fields the policy does not cover, but accepts another Content-Type (starts-with "")', async () => {
    const { client, form, data } = await freshForm();
    const extra = await client.upload(form, patternBytes(10), (fields) => fields.append('x-amz-meta-owner', 'mallory'));
    expect(extra.status).toBe(403);
    expect(extra.body).toContain('Extra input fields: x-amz-meta-owner');

    expect((await client.upload(withField(form, 'Content-Type', 'image/png'), patternBytes(10))).status).toBe(204);
    const download = await client.download(
      (await client.getFile('uploads', data.id, data.name)).headers.get('location') ?? '',
    );
    expect(download.type).toBe('image/png');
  });

  it('refuses a body that is not multipart', async () => {
    const { form } = await freshForm();
    const answer = await conforming<string>(
      'uploadFile',
      await fetch(form.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }),
    );
    expect(answer.status).toBe(400);
    expect(s3Code(answer.body)).toBe('AuthorizationQueryParametersError');
  });

  it.each([
    [
      'cut off before its closing boundary',
      (b: string, fields: string) =>
        `${fields}--${b}\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc`,
    ],
    ['with a part that has no name', (b: string) => `--${b}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${b}--\r\n`],
  ])('refuses a malformed multipart body (%s)', async (_, build) => {
    const { form } = await freshForm();
    const b = 'zBOUNDARYz';
    const fields = form.form_fields
      .map((f) => `--${b}\r\nContent-Disposition: form-data; name="${f.key}"\r\n\r\n${f.value}\r\n`)
      .join('');
    const answer = await conforming<string>(
      'uploadFile',
      await fetch(form.url, {
        method: 'POST',
        headers: { 'Content-Type': `multipart/form-data; boundary=${b}` },
        body: build(b, fields),
      }),
    );
    expect(answer.status).toBe(400);
    expect(s3Code(answer.body)).toBe('MalformedPOSTRequest');
  });

  it('refuses a form without a file part', async () => {
    const { form } = await freshForm();
    const body = new FormData();
    for (const { key, value } of form.form_fields) body.append(key, value);
    const answer = await conforming<string>('uploadFile', await fetch(form.url, { method: 'POST', body }));
    expect(answer.status).toBe(400);
    expect(s3Code(answer.body)).toBe('InvalidArgument');
  });

  it('stores concurrent uploads of different files intact', async () => {
    emulator = await startTestEmulator();
    const client = emulatorClient(emulator);
    const files = Array.from({ length: 12 }, (_, i) => ({
      name: `c-${i}.bin`,
      bytes: patternBytes(50_000 + i * 997, i),
    }));
    const stored = await Promise.all(files.map((f) => client.storeFile('race', f.name, f.bytes)));
    for (const [i, { id, name }] of stored.entries()) {
      const download = await client.download((await client.getFile('race', id, name)).headers.get('location') ?? '');
      expect(digest(download.bytes)).toBe(digest(files[i]!.bytes));
    }
  });

  it('keeps one consistent object when the same form is used twice at once', async () => {
    const { client, form, data } = await freshForm();
    const a = patternBytes(200_000, 1);
    const b = patternBytes(300_000, 2);
    const answers = await Promise.all([client.upload(form, a), client.upload(form, b)]);
    expect(answers.map((x) => x.status)).toEqual([204, 204]);
    const listed = (await client.listFiles('uploads')).body.data;
    expect(listed).toHaveLength(1);
    const download = await client.download(
      (await client.getFile('uploads', data.id, data.name)).headers.get('location') ?? '',
    );
    expect(download.bytes.length).toBe(listed[0]!.size);
    expect([digest(a), digest(b)]).toContain(digest(download.bytes));
  });
});

describe('the download URL', () => {
  it('is refused when tampered or expired', async () => {
    let clock = Date.parse('2026-01-01T12:10:00Z');
    emulator = await startTestEmulator({ now: () => clock });
    const client = emulatorClient(emulator);
    const { id, name } = await client.storeFile('dl', 'a.txt', patternBytes(3));
    const location = (await client.getFile('dl', id, name)).headers.get('location') ?? '';

    const tampered = await client.download(location.replace('X-Amz-Expires=3900', 'X-Amz-Expires=99999'));
    expect(tampered.status).toBe(403);
    expect(s3Code(tampered.text)).toBe('SignatureDoesNotMatch');

    // Signed at 12:00 (the hour), valid for 3900 s: still good at 13:04, refused at 13:05.
    clock = Date.parse('2026-01-01T13:04:59Z');
    expect((await client.download(location)).status).toBe(200);
    clock = Date.parse('2026-01-01T13:05:00Z');
    const expired = await client.download(location);
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('<Message>Request has expired</Message>');
  });
});

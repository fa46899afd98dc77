// Bad requests to the emulator: odd names and paths, tampered and expired policies and signatures, malformed and
// oversized multipart. What must hold for each: the answer carries the service's error body (files JSON, Access
// Manager JSON or S3 XML) or the request succeeds cleanly; the emulator keeps serving; the file stored before is
// still served byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import {
  digest,
  emulatorClient,
  enc,
  patternBytes,
  startTestEmulator,
  SUB_KEY,
  type UploadForm,
} from '../support/emulator-harness.ts';
import { rawExchange, rawRequest, type RawAnswer } from './raw-http.ts';

let emulator: RunningEmulator;
let api: ReturnType<typeof emulatorClient>;
let clock = Date.parse('2026-06-01T12:00:00Z');
const VICTIM_BYTES = patternBytes(4096, 3);
let victim: { id: string; name: string };

beforeAll(async () => {
  emulator = await startTestEmulator({ now: () => clock });
  api = emulatorClient(emulator);
  victim = await api.storeFile('victim', 'precious.bin', VICTIM_BYTES);
});
afterAll(() => emulator.close());

interface Answer {
  status: number;
  type: string;
  text: string;
}
type Expect = 'json-error' | 's3-error' | 'success' | 'success-or-error';

async function answer(response: Response): Promise<Answer> {
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

function fromRaw(raw: RawAnswer): Answer {
  const head = raw.text.slice(0, raw.text.indexOf('\r\n\r\n'));
  return {
    status: raw.statuses[0] ?? 0,
    type: /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '',
    text: raw.text.slice(head.length + 4),
  };
}

function multipart(
  boundary: string,
  parts: Array<[string, string | Uint8Array, string?]>,
  close = true,
): Uint8Array<ArrayBuffer> {
  const chunks: Buffer[] = [];
  for (const [name, value, filename] of parts) {
    const disposition = `form-data; name="${name}"${filename === undefined ? '' : `; filename="${filename}"`}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      Buffer.from(value),
      Buffer.from('\r\n'),
    );
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

async function form(name = 'upload.txt'): Promise<UploadForm & { id: string }> {
  const generated = await api.generateUploadUrl('room', name);
  return { ...generated.body.file_upload_request, id: generated.body.data.id };
}

/** The form's fields in order, with `change` applied: a value replaces, undefined removes, a new key is appended. */
function fieldsOf(f: UploadForm, change: Record<string, string | undefined> = {}): Array<[string, string]> {
  const kept = f.form_fields.map(({ key, value }): [string, string | undefined] => [
    key,
    key in change ? change[key] : value,
  ]);
  const added = Object.entries(change).filter(([key]) => !f.form_fields.some((field) => field.key === key));
  return [...kept, ...added].filter((entry): entry is [string, string] => entry[1] !== undefined);
}

async function post(
  url: string,
  body: Uint8Array<ArrayBuffer> | string,
  contentType: string | undefined = 'multipart/form-data; boundary=B',
): Promise<Answer> {
  return answer(
    await fetch(url, {
      method: 'POST',
      body,
      headers: contentType === undefined ? {} : { 'Content-Type': contentType },
    }),
  );
}

async function upload(
  change: Record<string, string | undefined> = {},
  file: Uint8Array<ArrayBuffer> = patternBytes(10),
  f?: UploadForm,
): Promise<Answer> {
  const used = f ?? (await form());
  return post(used.url, multipart('B', [...fieldsOf(used, change), ['file', file, 'f.bin']]));
}

const base = () => `${emulator.url}/v1/files/${SUB_KEY}/channels`;
const common = 'uuid=u&pnsdk=Hostile%2F1.0';

const cases: Array<[string, Expect, () => Promise<Answer>]> = [
  // Policies and signatures.
  ['upload: signature changed', 's3-error', async () => upload({ 'X-Amz-Signature': 'f'.repeat(64) })],
  ['upload: signature missing', 's3-error', async () => upload({ 'X-Amz-Signature': undefined })],
  ['upload: policy missing', 's3-error', async () => upload({ Policy: undefined })],
  ['upload: policy not base64 JSON', 's3-error', async () => upload({ Policy: 'not a policy' })],
  [
    "upload: another form's policy and signature",
    's3-error',
    async () => {
      const other = await form('other.txt');
      const policy = other.form_fields.find((f) => f.key === 'Policy')!.value;
      const signature = other.form_fields.find((f) => f.key === 'X-Amz-Signature')!.value;
      return upload({ Policy: policy, 'X-Amz-Signature': signature });
    },
  ],
  [
    "upload: key changed to the victim's object",
    's3-error',
    async () => upload({ key: `${SUB_KEY}/x/${victim.id}/${victim.name}` }),
  ],
  ['upload: tagging changed', 's3-error', async () => upload({ tagging: '<Tagging><TagSet></TagSet></Tagging>' })],
  ['upload: X-Amz-Date changed', 's3-error', async () => upload({ 'X-Amz-Date': '20200101T000000Z' })],
  [
    'upload: X-Amz-Credential changed',
    's3-error',
    async () => upload({ 'X-Amz-Credential': 'AKIAOTHER/20260601/us-east-1/s3/aws4_request' }),
  ],
  ['upload: an extra field the policy does not cover', 's3-error', async () => upload({ acl: 'public-read' })],
  [
    'upload: a Content-Type no header can carry',
    's3-error',
    async () => upload({ 'Content-Type': 'text/plain; charset=€' }),
  ],
  [
    'upload: an expired form',
    's3-error',
    async () => {
      const f = await form();
      clock += 61_000;
      try {
        return await upload({}, patternBytes(10), f);
      } finally {
        clock -= 61_000;
      }
    },
  ],
  [
    'upload: a form whose file was deleted, replayed within its life (S3 stores it again)',
    'success',
    async () => {
      const f = await form('replayed.txt');
      expect((await upload({}, patternBytes(5), f)).status).toBe(204);
      const name = f.form_fields
        .find((x) => x.key === 'key')!
        .value.split('/')
        .slice(3)
        .join('/');
      expect((await api.deleteFile('room', f.id, name)).status).toBe(200);
      return upload({}, patternBytes(6), f);
    },
  ],
  // Malformed and oversized multipart.
  ['multipart: no Content-Type', 's3-error', async () => post((await form()).url, 'abc', undefined)],
  ['multipart: no boundary', 's3-error', async () => post((await form()).url, 'abc', 'multipart/form-data')],
  ['multipart: JSON instead', 's3-error', async () => post((await form()).url, '{"file":"x"}', 'application/json')],
  [
    'multipart: a boundary the body never uses',
    's3-error',
    async () => {
      const f = await form();
      return post(f.url, multipart('OTHER', [...fieldsOf(f), ['file', 'x', 'f']]));
    },
  ],
  [
    'multipart: no closing boundary',
    's3-error',
    async () => {
      const f = await form();
      return post(f.url, multipart('B', [...fieldsOf(f), ['file', 'x', 'f']], false));
    },
  ],
  [
    'multipart: the file part first',
    's3-error',
    async () => {
      const f = await form();
      return post(f.url, multipart('B', [['file', 'x', 'f'], ...fieldsOf(f)]));
    },
  ],
  [
    'multipart: no file part',
    's3-error',
    async () => {
      const f = await form();
      return post(f.url, multipart('B', fieldsOf(f)));
    },
  ],
  [
    'multipart: two file parts (the first is stored, as S3 does)',
    'success',
    async () => {
      const f = await form();
      return post(f.url, multipart('B', [...fieldsOf(f), ['file', 'first', 'a'], ['file', 'second', 'b']]));
    },
  ],
  [
    'multipart: 40 fields',
    's3-error',
    async () => {
      const f = await form();
      const extra = Array.from({ length: 40 }, (_, i) => [`x-ignore-${i}`, 'v'] as [string, string]);
      return post(f.url, multipart('B', [...extra, ...fieldsOf(f), ['file', 'x', 'f']]));
    },
  ],
  [
    'multipart: a 20 KiB field',
    's3-error',
    async () => {
      const f = await form();
      return post(f.url, multipart('B', [['x-ignore-big', 'v'.repeat(20 * 1024)], ...fieldsOf(f), ['file', 'x', 'f']]));
    },
  ],
  [
    'multipart: part headers that never end',
    's3-error',
    async () => {
      const f = await form();
      return post(f.url, `--B\r\nContent-Disposition: form-data; name="a"\r\nX: ${'y'.repeat(20 * 1024)}`);
    },
  ],
  [
    'multipart: a part without Content-Disposition',
    's3-error',
    async () => {
      const f = await form();
      return post(
        f.url,
        `--B\r\nX-Other: 1\r\n\r\nvalue\r\n${Buffer.from(multipart('B', [...fieldsOf(f), ['file', 'x', 'f']])).toString()}`,
      );
    },
  ],
  ['multipart: binary garbage', 's3-error', async () => post((await form()).url, patternBytes(3000, 99))],
  ['multipart: an empty body', 's3-error', async () => post((await form()).url, '')],
  ['multipart: a file one byte over 5 MiB', 's3-error', async () => upload({}, patternBytes(5_242_881))],
  [
    'multipart: a file under the policy minimum (content-length-range 0..) of 0 bytes',
    'success',
    async () => upload({}, new Uint8Array(0)),
  ],
  [
    'multipart: a declared Content-Length of 6 MiB',
    's3-error',
    async () => {
      const f = await form();
      const body = Buffer.from(multipart('B', [...fieldsOf(f), ['file', 'x', 'f']])).toString('latin1');
      const url = new URL(f.url);
      return fromRaw(
        await rawRequest(emulator.origin, 'POST', url.pathname, body, {
          'Content-Type': 'multipart/form-data; boundary=B',
          'Content-Length': String(6 * 1024 * 1024),
        }),
      );
    },
  ],
  // Paths, names and parameters of the files API.
  // Routed as the sub key "..", which has no files: an empty page.
  [
    'path: a dot-dot sub key kept raw',
    'success-or-error',
    async () => fromRaw(await rawRequest(emulator.origin, 'GET', `/v1/files/../channels/room/files?${common}`)),
  ],
  [
    'path: an invalid percent-escape',
    'json-error',
    async () => answer(await fetch(`${base()}/room/files/%zz/name?${common}`)),
  ],
  [
    'path: an overlong UTF-8 dot-dot',
    'json-error',
    async () => answer(await fetch(`${base()}/%C0%AE%C0%AE/files?${common}`)),
  ],
  ['path: a NUL in the channel', 'success', async () => answer(await fetch(`${base()}/a%00b/files?${common}`))],
  [
    'path: a 20,000-character channel',
    'success-or-error',
    async () => answer(await fetch(`${base()}/${'c'.repeat(20_000)}/files?${common}`)),
  ],
  [
    'path: empty segments',
    'json-error',
    async () => answer(await fetch(`${emulator.url}/v1/files//channels//files?${common}`)),
  ],
  ['path: unknown', 'json-error', async () => answer(await fetch(`${emulator.url}/v9/nothing/here`))],
  [
    'path: PUT on a file',
    'json-error',
    async () =>
      answer(await fetch(`${base()}/room/files/${victim.id}/${victim.name}?${common}`, { method: 'PUT', body: 'x' })),
  ],
  ['path: no uuid', 'json-error', async () => answer(await fetch(`${base()}/room/files`))],
  [
    'generate: a body that is not JSON',
    'json-error',
    async () => post(`${base()}/room/generate-upload-url?${common}`, '{name:', 'application/json'),
  ],
  [
    'generate: a body over 64 KiB',
    'json-error',
    async () =>
      post(
        `${base()}/room/generate-upload-url?${common}`,
        JSON.stringify({ name: 'n'.repeat(70_000) }),
        'application/json',
      ),
  ],
  [
    'generate: name a number',
    'json-error',
    async () => post(`${base()}/room/generate-upload-url?${common}`, '{"name":5}', 'application/json'),
  ],
  [
    'generate: name empty',
    'json-error',
    async () => post(`${base()}/room/generate-upload-url?${common}`, '{"name":""}', 'application/json'),
  ],
  [
    'generate: a JSON array',
    'json-error',
    async () => post(`${base()}/room/generate-upload-url?${common}`, '[]', 'application/json'),
  ],
  [
    'generate: a name with CR, LF and NUL (stored; served under that name)',
    'success',
    async () => {
      const stored = await api.storeFile('odd', 'a\r\nb\u0000c.txt', patternBytes(7));
      const location = (await api.getFile('odd', stored.id, stored.name)).headers.get('location') ?? '';
      expect(digest((await api.download(location)).bytes)).toBe(digest(patternBytes(7)));
      return answer(await fetch(`${base()}/odd/files?${common}`));
    },
  ],
  ['list: limit 0', 'json-error', async () => answer(await fetch(`${base()}/room/files?${common}&limit=0`))],
  ['list: limit abc', 'json-error', async () => answer(await fetch(`${base()}/room/files?${common}&limit=abc`))],
  ['list: limit 1e9', 'json-error', async () => answer(await fetch(`${base()}/room/files?${common}&limit=1000000000`))],
  [
    'list: a next token that is not one',
    'json-error',
    async () => answer(await fetch(`${base()}/room/files?${common}&next=garbage`)),
  ],
  [
    'get: the victim under another name',
    'json-error',
    async () => answer(await fetch(`${base()}/victim/files/${victim.id}/other.bin?${common}`, { redirect: 'manual' })),
  ],
  [
    'delete: a file that does not exist',
    'json-error',
    async () =>
      answer(
        await fetch(`${base()}/victim/files/00000000-0000-4000-8000-000000000000/x?${common}`, { method: 'DELETE' }),
      ),
  ],
  [
    'publish: a message that is not JSON',
    'json-error',
    async () =>
      answer(
        await fetch(`${emulator.url}/v1/files/publish-file/pub/${SUB_KEY}/0/room/0/${enc('{not json')}?${common}`),
      ),
  ],
  [
    'publish: a URL over 32 KiB',
    'json-error',
    async () =>
      answer(
        await fetch(
          `${emulator.url}/v1/files/publish-file/pub/${SUB_KEY}/0/room/0/${enc(JSON.stringify({ message: 'm'.repeat(40_000), file: { id: 'i', name: 'n' } }))}?${common}`,
        ),
      ),
  ],
  [
    'subscribe: tt not a number',
    'json-error',
    async () => answer(await fetch(`${emulator.url}/v2/subscribe/${SUB_KEY}/room/0?${common}&tt=abc`)),
  ],
  // The storage (CDN) download.
  [
    'storage: a traversal path kept raw',
    's3-error',
    async () => fromRaw(await rawRequest(emulator.origin, 'GET', '/storage/../../../etc/passwd')),
  ],
  ['storage: five segments', 's3-error', async () => answer(await fetch(`${emulator.url}/storage/a/b/c/d/e`))],
  [
    'storage: the victim with its signature changed',
    's3-error',
    async () => {
      const location = new URL((await api.getFile('victim', victim.id, victim.name)).headers.get('location') ?? '');
      location.searchParams.set('X-Amz-Signature', '0'.repeat(64));
      return answer(await fetch(location));
    },
  ],
  [
    "storage: the victim's URL after it expired",
    's3-error',
    async () => {
      const location = (await api.getFile('victim', victim.id, victim.name)).headers.get('location') ?? '';
      clock += 2 * 3_600_000;
      try {
        return answer(await fetch(location));
      } finally {
        clock -= 2 * 3_600_000;
      }
    },
  ],
  [
    "storage: the victim's signature on another object key",
    's3-error',
    async () => {
      const location = new URL((await api.getFile('victim', victim.id, victim.name)).headers.get('location') ?? '');
      location.pathname = location.pathname.replace(victim.id, '00000000-0000-4000-8000-000000000000');
      return answer(await fetch(location));
    },
  ],
  [
    'storage: no signature at all',
    's3-error',
    async () => {
      const location = new URL((await api.getFile('victim', victim.id, victim.name)).headers.get('location') ?? '');
      return answer(await fetch(`${location.origin}${location.pathname}`));
    },
  ],
];

describe('the emulator answers bad requests with the service error body and keeps serving', () => {
  it.each(cases)('%s', async (_, expected, send) => {
    const got = await send();
    if (expected === 'success') expect(got.status, got.text).toBeLessThan(400);
    else if (expected === 'json-error' || expected === 's3-error')
      expect(got.status, got.text).toBeGreaterThanOrEqual(400);
    if (got.status >= 400) {
      if (got.type.includes('xml'))
        expect(got.text).toMatch(/^<\?xml[^>]*>\s*<Error><Code>\w+<\/Code><Message>[^<]+<\/Message>/);
      else {
        expect(got.type).toMatch(/json|javascript/);
        const body = JSON.parse(got.text) as unknown;
        // files JSON, Access Manager / Balancer JSON, or the publish array `[0, reason, timetoken]`.
        expect(body).toSatisfy((b: any) =>
          Array.isArray(b) ? b[0] === 0 && typeof b[1] === 'string' : typeof b?.status === 'number' && b.status >= 400,
        );
      }
      if (expected === 's3-error') expect(got.type).toContain('xml');
    }
    expect((await api.listFiles('victim')).status).toBe(200);
    const location = (await api.getFile('victim', victim.id, victim.name)).headers.get('location') ?? '';
    expect(digest((await api.download(location)).bytes)).toBe(digest(VICTIM_BYTES));
  });
});

describe('a signing emulator refuses unsigned and badly signed calls with Access Manager bodies', () => {
  let signing: RunningEmulator;
  beforeAll(async () => {
    signing = await startTestEmulator({ secretKey: 'sec-c-emulator', publishKey: 'pub-c-emulator' });
  });
  afterAll(() => signing.close());
  it.each<[string, string]>([
    ['no signature', `uuid=u`],
    ['a signature of another request', `uuid=u&timestamp=${Math.floor(Date.now() / 1000)}&signature=v2.AAAA`],
    ['a timestamp a day old', `uuid=u&timestamp=${Math.floor(Date.now() / 1000) - 86_400}&signature=v2.AAAA`],
    ['a timestamp that is not a number', `uuid=u&timestamp=soon&signature=v2.AAAA`],
  ])('%s: 403 from Access Manager, no secret in it', async (_, query) => {
    const response = await fetch(`${signing.url}/v1/files/${SUB_KEY}/channels/room/files?${query}`);
    const text = await response.text();
    expect(response.status).toBe(403);
    expect(JSON.parse(text)).toMatchObject({ error: true, status: 403, service: 'Access Manager' });
    expect(text).not.toContain('sec-c-emulator');
  });
});

describe('connections cut or left hanging', () => {
  it.each<[string, Array<string | number>]>([
    [
      'an upload abandoned mid-body',
      [
        'POST /storage/ HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 100000\r\n\r\n--B\r\nContent-Disposition: form-data; name="key"\r\n\r\nab',
        50,
      ],
    ],
    [
      'a JSON body abandoned mid-way',
      [
        `POST /v1/files/${SUB_KEY}/channels/room/generate-upload-url?uuid=u HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"name":`,
        50,
      ],
    ],
    [
      'a request closed before its answer',
      [`GET /v1/files/${SUB_KEY}/channels/room/files?uuid=u HTTP/1.1\r\nHost: x\r\n\r\n`],
    ],
    [
      'a subscribe poll abandoned while held',
      [`GET /v2/subscribe/${SUB_KEY}/room/0?uuid=u&tt=17000000000000000&tr=1 HTTP/1.1\r\nHost: x\r\n\r\n`, 100],
    ],
    ['half a request line', ['GET /v1/fi', 50]],
  ])('%s: nothing stored, the emulator keeps serving, and its connection does not linger', async (_, chunks) => {
    const own = await startTestEmulator();
    const ownApi = emulatorClient(own);
    const kept = await ownApi.storeFile('room', 'kept.bin', VICTIM_BYTES);
    // rawExchange closes the socket after the wait: the server sees the connection go.
    await rawExchange(own.origin, chunks, 200);
    expect((await ownApi.listFiles('room')).body.count).toBe(1);
    const location = (await ownApi.getFile('room', kept.id, kept.name)).headers.get('location') ?? '';
    expect(digest((await ownApi.download(location)).bytes)).toBe(digest(VICTIM_BYTES));
    // close() waits for every connection: one the emulator kept open for a client long gone would hang it here.
    await own.close();
  });

  it('100 idle connections do not stop it answering', async () => {
    const idle = await Promise.all(
      Array.from({ length: 100 }, () => rawExchange(emulator.origin, ['GET / HTTP/1.1\r\nHost: x\r\n'], 300)),
    );
    expect(idle).toHaveLength(100);
    expect((await api.listFiles('victim')).status).toBe(200);
  });
});

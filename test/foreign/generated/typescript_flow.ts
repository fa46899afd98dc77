// The whole file flow through the client @hey-api/openapi-ts generates from the spec (scripts/generate-client-typescript.sh),
// unpatched, against an emulator. Usage: tsx typescript_flow.ts ORIGIN_URL CHANNEL. Prints one JSON line of results.
import { createHash } from 'node:crypto';
import { createClient } from '../../../build/clients/typescript/client/index.js';
import {
  deleteFile,
  generateUploadUrl,
  getFile,
  listFiles,
  publishFileMessage,
  subscribe,
  uploadFile,
} from '../../../build/clients/typescript/sdk.gen.js';
import type { FilesPage } from '../../../build/clients/typescript/types.gen.js';

const [base = '', channel = ''] = process.argv.slice(2);
const sub_key = 'sub-c-generated';
const uuid = 'typescript-client';
const api = createClient({ baseUrl: base, throwOnError: true });
const results: Record<string, unknown> = {};
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The parsed answer of a call that must have succeeded. */
function data<T>(result: { data?: T; response?: Response }): T {
  if (result.data === undefined) throw new Error(`no data (HTTP ${result.response?.status})`);
  return result.data;
}

function status(result: { response?: Response }): number {
  if (result.response === undefined) throw new Error('no response');
  return result.response.status;
}

const handshake = data(
  await subscribe({ client: api, path: { sub_key, channels: channel }, query: { tt: '0', uuid } }),
);
const cursor = handshake.t;

const files: Array<{ id: string; name: string; bytes: Uint8Array }> = [];
const uploadStatus: number[] = [];
for (let index = 0; index < 3; index++) {
  const bytes = new TextEncoder().encode(`file ${index} from the generated TypeScript client\n`.repeat(index + 1));
  const grant = data(
    await generateUploadUrl({
      client: api,
      path: { sub_key, channel },
      query: { uuid },
      body: { name: `ts-${index}.txt` },
    }),
  );
  const form: Record<string, unknown> = {};
  for (const field of grant.file_upload_request.form_fields) form[field.key] = field.value;
  form['file'] = new File([bytes], grant.data.name, { type: 'text/plain' });
  const uploaded = await uploadFile({
    client: api,
    baseUrl: grant.file_upload_request.url.replace(/\/$/, ''),
    body: form as Parameters<typeof uploadFile>[0]['body'],
  });
  uploadStatus.push(status(uploaded));
  files.push({ id: grant.data.id, name: grant.data.name, bytes });
}

results['upload_status'] = uploadStatus;
const first = files[0]!;
const message = JSON.stringify({ message: { caption: 'from typescript' }, file: { id: first.id, name: first.name } });
const published = await publishFileMessage({
  client: api,
  path: { pub_key: 'pub-c-generated', sub_key, channel, message },
  query: { uuid, meta: JSON.stringify({ kind: 'ts' }) },
  parseAs: 'text',
});
results['publish'] = JSON.parse(String(published.data));

const listed: string[] = [];
const pageCounts: number[] = [];
let next: string | null = null;
do {
  const page: FilesPage = data(
    await listFiles({
      client: api,
      path: { sub_key, channel },
      query: { uuid, limit: 2, ...(next === null ? {} : { next }) },
    }),
  );
  listed.push(...page.data.map((file) => file.id));
  pageCounts.push(page.count);
  next = page.next;
} while (next !== null);
results['page_counts'] = pageCounts;
results['listed'] =
  [...listed].sort().join() ===
  files
    .map((f) => f.id)
    .sort()
    .join();

const located = await getFile({
  client: api,
  path: { sub_key, channel, file_id: first.id, file_name: first.name },
  query: { uuid },
  redirect: 'manual',
  throwOnError: false,
});
results['get_status'] = status(located);
const downloaded = new Uint8Array(await (await fetch(located.response?.headers.get('location') ?? '')).arrayBuffer());
results['download_equal'] = sha256(downloaded) === sha256(first.bytes);

const deleted: number[] = [];
for (const file of files) {
  deleted.push(
    data(
      await deleteFile({
        client: api,
        path: { sub_key, channel, file_id: file.id, file_name: file.name },
        query: { uuid },
      }),
    ).status,
  );
}
results['delete_status'] = deleted;
results['after_delete'] = data(await listFiles({ client: api, path: { sub_key, channel }, query: { uuid } })).count;

const batch = data(
  await subscribe({ client: api, path: { sub_key, channels: channel }, query: { uuid, tt: cursor.t, tr: cursor.r } }),
);
const [event] = batch.m;
results['event'] = { e: event?.e, c: event?.c, u: event?.u, d: event?.['d'], p: event?.p.t };
console.log(JSON.stringify(results));

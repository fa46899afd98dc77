// Every response schema rejects shapes the service never sends: for each, one shape the service does send (accepted)
// and the near misses it never sends (each rejected). A schema loosened by accident fails here.
import { describe, expect, it } from 'vitest';
import { createSpecValidator } from '../support/spec.ts';

const spec = createSpecValidator();
const TT = '17339246164989106';
const grant = {
  status: 200,
  data: { id: 'a1', name: 'a.txt' },
  file_upload_request: {
    url: 'https://bucket.example/',
    method: 'POST',
    expiration_date: '2024-12-11T13:44:35Z',
    form_fields: [{ key: 'key', value: 'sub/x/a1/a.txt' }],
  },
};
const page = {
  status: 200,
  data: [{ name: 'a.txt', id: 'a1', size: 48, created: '2025-05-05T19:12:14Z' }],
  next: null,
  count: 1,
};
const item = {
  a: '1',
  f: 0,
  e: 4,
  i: 'u',
  p: { t: TT, r: 1 },
  k: 'sub',
  c: 'maps',
  d: { file: { id: 'a1', name: 'a.txt' } },
};

const CASES: Array<{ schema: string; sent: unknown; never: Array<[string, unknown]> }> = [
  {
    schema: 'Timetoken',
    sent: TT,
    never: [
      ['a number', 17339246164989106],
      ['16 digits', '1733924616498910'],
      ['18 digits', '173392461649891060'],
      ['zero', '0'],
    ],
  },
  {
    schema: 'PublishResultText',
    sent: `[1,"Sent","${TT}"]`,
    never: [
      ['a numeric timetoken', `[1,"Sent",${TT}]`],
      ['a refusal', `[0,"Sent","${TT}"]`],
      ['another word', `[1,"OK","${TT}"]`],
      ['a short timetoken', '[1,"Sent","123"]'],
      ['a fourth element', `[1,"Sent","${TT}",1]`],
    ],
  },
  {
    schema: 'PublishResult',
    sent: [1, 'Sent', TT],
    never: [
      ['a numeric timetoken', [1, 'Sent', 17339246164989106]],
      ['"1" as a string', ['1', 'Sent', TT]],
      ['two elements', [1, 'Sent']],
      ['another word', [1, 'Queued', TT]],
    ],
  },
  {
    schema: 'PublishErrorText',
    sent: `[0,"Invalid Key","${TT}"]`,
    never: [
      ['a success', `[1,"Sent","${TT}"]`],
      ['a JSON object', '{"status":400}'],
      ['a numeric reason', '[0,400]'],
    ],
  },
  {
    schema: 'PublishError',
    sent: [0, 'Invalid Key', TT],
    never: [
      ['a success', [1, 'Sent', TT]],
      ['no reason', [0]],
      ['an empty reason', [0, '', TT]],
    ],
  },
  {
    schema: 'UploadUrlGrant',
    sent: grant,
    never: [
      ['status 400', { ...grant, status: 400 }],
      ['a PUT form', { ...grant, file_upload_request: { ...grant.file_upload_request, method: 'PUT' } }],
      ['no form fields', { ...grant, file_upload_request: { ...grant.file_upload_request, form_fields: [] } }],
      [
        'form fields as {name, value}',
        { ...grant, file_upload_request: { ...grant.file_upload_request, form_fields: [{ name: 'key', value: 'k' }] } },
      ],
      ['no file id', { ...grant, data: { name: 'a.txt' } }],
    ],
  },
  {
    schema: 'FilesPage',
    sent: page,
    never: [
      ['next missing', { status: 200, data: [], count: 0 }],
      ['an empty next token', { ...page, next: '' }],
      ['status 400', { ...page, status: 400 }],
      ['a size as a string', { ...page, data: [{ ...page.data[0], size: '48' }] }],
      ['a count over the page limit', { ...page, count: 101 }],
      ['a file without id', { ...page, data: [{ name: 'a.txt', size: 1, created: '2025-05-05T19:12:14Z' }] }],
    ],
  },
  {
    schema: 'StatusOnly',
    sent: { status: 200 },
    never: [
      ['an error status', { status: 404 }],
      ['status as a string', { status: '200' }],
    ],
  },
  {
    schema: 'FilesError',
    sent: { status: 404, error: { source: 'files', message: 'File not found', code: 404 } },
    never: [
      ['a success status', { status: 200, error: { message: 'x' } }],
      ['no message', { status: 400, error: { source: 'files' } }],
      ['a string error', { status: 400, error: 'Invalid file name' }],
    ],
  },
  {
    schema: 'ServiceError',
    sent: { error: true, status: 403, service: 'Access Manager', message: 'Token is revoked' },
    never: [
      ['error: false', { error: false, status: 403, message: 'x' }],
      ['a success status', { error: true, status: 200, message: 'x' }],
      ['no message', { error: true, status: 403 }],
    ],
  },
  {
    schema: 'S3Error',
    sent: '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
    never: [
      ['JSON', '{"error":"NoSuchKey"}'],
      ['no Code', '<Error><Message>x</Message></Error>'],
    ],
  },
  {
    schema: 'SubscribeCursor',
    sent: { t: TT, r: 1 },
    never: [
      ['a numeric timetoken', { t: 17339246164989106, r: 1 }],
      ['no region', { t: TT }],
    ],
  },
  {
    schema: 'SubscribeMessage',
    sent: item,
    never: [
      ['no payload', { ...item, d: undefined }],
      ['an empty channel', { ...item, c: '' }],
      ['a file event whose payload is no file message', { ...item, d: { message: 'hi' } }],
      ['a numeric publish timetoken', { ...item, p: { t: 17339246164989106, r: 1 } }],
    ],
  },
  {
    schema: 'SubscribeBatch',
    sent: { t: { t: TT, r: 1 }, m: [item] },
    never: [
      ['no messages list', { t: { t: TT, r: 1 } }],
      ['a numeric cursor', { t: { t: 0, r: 1 }, m: [] }],
    ],
  },
];

describe.each(CASES)('$schema', ({ schema, sent, never }) => {
  const pointer = `#/components/schemas/${schema}`;

  it('accepts what the service sends', () => {
    expect(spec.validateSchema(pointer, sent).errors).toEqual([]);
  });

  it.each(never)('rejects %s', (_, shape) => {
    expect(spec.validateSchema(pointer, JSON.parse(JSON.stringify(shape)) as unknown).valid).toBe(false);
  });
});

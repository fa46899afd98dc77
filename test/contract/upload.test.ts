// The multipart upload through Prism. Prism reads multipart bodies as text, so this checks the part names and text
// values against the UploadForm schema; the file's bytes are checked by the emulator and interop suites.
import { describe, expect, inject, it } from 'vitest';
import { createUploadForm, type FormField } from '../../src/lowlevel/index.ts';
import { formFields, prismClient } from './calls.ts';

async function upload(fields: readonly FormField[], file?: Blob): Promise<Response> {
  const body = file ? createUploadForm(fields, file, 'king arthur (1).txt') : formOf(fields);
  const { response } = await prismClient().POST('/', { baseUrl: inject('prismUrl'), body });
  return response;
}

function formOf(fields: readonly FormField[]): FormData {
  const form = new FormData();
  for (const { key, value } of fields) form.append(key, value);
  return form;
}

function violationMessages(response: Response): string[] {
  return (JSON.parse(response.headers.get('sl-violations') ?? '[]') as { message: string }[]).map((v) => v.message);
}

describe('uploadFile through Prism', () => {
  it('accepts every presigned field in order, then file last: 204 with an ETag and no violations', async () => {
    const response = await upload(formFields, new Blob(['Knights who say Ni!'], { type: 'text/plain' }));
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(response.status).toBe(204);
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('sees the form fields by name: a form without Policy and the signature is refused for exactly those', async () => {
    const withoutPolicy = formFields.filter(({ key }) => key !== 'Policy' && key !== 'X-Amz-Signature');
    const response = await upload(withoutPolicy, new Blob(['x']));
    expect(response.status).toBe(400);
    expect(violationMessages(response)).toEqual([
      "Request body must have required property 'Policy'",
      "Request body must have required property 'X-Amz-Signature'",
    ]);
  });

  it('sees the file part: a form without file is refused for it', async () => {
    const response = await upload(formFields);
    expect(response.status).toBe(400);
    expect(violationMessages(response)).toEqual(["Request body must have required property 'file'"]);
  });
});

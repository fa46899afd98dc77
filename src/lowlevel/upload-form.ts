// The storage upload body (PROTOCOL.md A2 step 2). The order of the parts is part of the contract, which an object
// body cannot express, so uploadFile takes this FormData.
import type { components } from '../generated/pubnub-files.ts';

/** One presigned form field from generateUploadUrl's `file_upload_request.form_fields`. */
export type FormField = components['schemas']['FormField'];

/**
 * Every presigned field in the order received, value unchanged and without a filename, then the file last as `file`.
 *
 * @example
 * const { file_upload_request: upload, data } = generated;
 * await client.POST('/', { baseUrl: upload.url, body: createUploadForm(upload.form_fields, blob, data.name) });
 */
export function createUploadForm(formFields: readonly FormField[], file: Blob, fileName: string): FormData {
  const form = new FormData();
  for (const { key, value } of formFields) form.append(key, value);
  form.append('file', file, fileName);
  return form;
}

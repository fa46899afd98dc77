// The storage upload body (docs/protocol.md A2 step 2). The order of the parts is part of the contract, which an object
// body cannot express, so uploadFile takes this FormData, or the same body already encoded.
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

/** A multipart/form-data body as bytes: what goes before the file, the file, what follows it. */
export interface EncodedUploadForm {
  /** `multipart/form-data; boundary=…`, for the Content-Type header. */
  contentType: string;
  parts: [head: Uint8Array<ArrayBuffer>, file: Uint8Array<ArrayBuffer>, tail: Uint8Array<ArrayBuffer>];
  /** The body's length in bytes, for Content-Length. */
  length: number;
}

/**
 * The body `createUploadForm` makes, encoded the way fetch encodes a FormData (the HTML multipart/form-data rules:
 * line breaks as CRLF, `"` and line breaks in names escaped), so a caller can count the bytes as they go out or send
 * them with a Content-Length. `fileType` is the file part's Content-Type (a Blob's normalised `type`).
 */
export function encodeUploadForm(
  formFields: readonly FormField[],
  file: Uint8Array<ArrayBuffer>,
  fileName: string,
  fileType: string,
): EncodedUploadForm {
  // Like fetch's own boundaries: random enough that no field or file holds it by chance (it need not be secret).
  const boundary = `----pubnub-files-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const lines = (text: string) => text.replace(/\r?\n|\r/g, '\r\n');
  const escaped = (text: string) => text.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
  const part = (name: string, extra: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${escaped(lines(name))}"${extra}\r\n\r\n`;
  const fields = formFields.map(({ key, value }) => `${part(key, '')}${lines(value)}\r\n`).join('');
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `${fields}${part('file', `; filename="${escaped(fileName)}"\r\nContent-Type: ${fileType}`)}`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    parts: [head, file, tail],
    length: head.byteLength + file.byteLength + tail.byteLength,
  };
}

// `pubnub-files/lowlevel`: the typed client over the spec, and the wire helpers it is built from.
export { createFilesClient } from './client.ts';
export type { FilesClient, FilesClientOptions } from './client.ts';
export type { ClientPaths, CommonQueryName } from './client-paths.ts';
export { withCommonQuery } from './common-query.ts';
export type { CommonQueryOptions, OutgoingRequest } from './common-query.ts';
export { createUploadForm, encodeUploadForm } from './upload-form.ts';
export type { EncodedUploadForm, FormField } from './upload-form.ts';
export { buildQueryString, encodePathSegment, encodeQueryValue } from './encoding.ts';
export type { QueryValue } from './encoding.ts';
export { canonicalQuery, signRequest, stringToSign } from './signature.ts';
export type { SignatureInput } from './signature.ts';
export { DEFAULT_PNSDK, SDK_VERSION } from './version.ts';
export type { components, operations, paths } from '../generated/pubnub-files.ts';

// The generated `paths` as callers of the low-level client see them: without the common query parameters
// (`uuid`, `pnsdk`, …), which the client's middleware adds to every PubNub-hosted call itself, and with the
// multipart upload taking a FormData.
import type { paths } from '../generated/pubnub-files.ts';

/** The query parameters the client adds itself, so callers never pass them. */
export type CommonQueryName = 'uuid' | 'pnsdk' | 'requestid' | 'auth' | 'timestamp' | 'signature';

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

type CallerQuery<Query> = Omit<Query, CommonQueryName>;

// The query stays required only when a parameter the caller must give is left (downloadFile's presigned query).
type CallerParameters<Parameters extends { query?: unknown }> = [NonNullable<Parameters['query']>] extends [never]
  ? Parameters
  : Omit<Parameters, 'query'> &
      ({} extends CallerQuery<NonNullable<Parameters['query']>>
        ? { query?: CallerQuery<NonNullable<Parameters['query']>> }
        : { query: CallerQuery<NonNullable<Parameters['query']>> });

type WithCallerQuery<Operation> = Operation extends { parameters: infer Parameters extends { query?: unknown } }
  ? Omit<Operation, 'parameters'> & { parameters: CallerParameters<Parameters> }
  : Operation;

// A multipart body is sent as the FormData built by createUploadForm: only it keeps the parts in the required order.
type WithFormDataBody<Operation> = Operation extends { requestBody: { content: { 'multipart/form-data': unknown } } }
  ? Omit<Operation, 'requestBody'> & { requestBody: { content: { 'multipart/form-data': FormData } } }
  : Operation;

type CallerOperation<Operation> = WithFormDataBody<WithCallerQuery<Operation>>;

/** `paths` with the common query parameters removed from every operation and multipart bodies as FormData. */
export type ClientPaths = {
  [Path in keyof paths]: {
    [Key in keyof paths[Path]]: Key extends HttpMethod ? CallerOperation<paths[Path][Key]> : paths[Path][Key];
  };
};

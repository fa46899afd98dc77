// The OpenAPI spec as test data: the parsed document and one Ajv validator compiled from it.
// Used by the example test, the contract suite and the emulator tests, so that all of them judge a body by the same
// schemas the types are generated from.
//
//   const spec = createSpecValidator();
//   const { valid, errors } = spec.validateResponse('listFiles', 200, 'application/json', await response.json());
//   expect(errors).toEqual([]);
//   spec.validateSchema('#/components/schemas/FileMessage', payload);
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { parse } from 'yaml';
import type { operations } from '../../src/generated/pubnub-files.ts';

/** The spec on disk. */
export const SPEC_URL = new URL('../../openapi/pubnub-files.yaml', import.meta.url);

/** An operationId of the spec, as the generated types know them. */
export type OperationId = keyof operations;

/**
 * The operations the spec must describe, no more, no fewer. A record over `OperationId`, so that the compiler asks
 * for an entry when `npm run generate` brings a new operation and refuses one the spec no longer has; the example
 * test checks the list against the parsed spec.
 */
const OPERATIONS: Record<OperationId, true> = {
  generateUploadUrl: true,
  uploadFile: true,
  publishFileMessage: true,
  listFiles: true,
  getFile: true,
  downloadFile: true,
  deleteFile: true,
  subscribe: true,
  fetchMessages: true,
};
export const OPERATION_IDS: readonly OperationId[] = Object.keys(OPERATIONS) as OperationId[];

export type JsonObject = { [key: string]: unknown };

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the Operation Object, e.g. `#/paths/~1v1~1files…/get`. */
  pointer: string;
}

export interface ValidationResult {
  valid: boolean;
  /** One readable line per problem, `<instance path> <message>`; empty when valid. */
  errors: string[];
}

export interface SpecValidator {
  /**
   * Validates a response body against the schema the spec declares for this operation, status and media type.
   * `mediaType` may carry parameters (`text/javascript; charset="UTF-8"`) and is matched against the declared keys
   * exactly, then without parameters, then by `type/*` and `*\/*`. For a response that declares no body (204, 307)
   * pass `undefined` (or an empty string). An undeclared status or media type is reported as invalid.
   */
  validateResponse(
    operationId: string,
    status: number | string,
    mediaType: string | undefined,
    body: unknown,
  ): ValidationResult;
  /** Validates a request body (JSON value, or an object of multipart fields) against the operation's declared schema. */
  validateRequestBody(operationId: string, mediaType: string, body: unknown): ValidationResult;
  /**
   * Validates `value` against the schema at a JSON pointer into the spec (`#/components/schemas/FileMessage`).
   * A string whose schema says `contentMediaType: application/json` is also parsed and checked against its
   * `contentSchema` (Ajv treats those keywords as annotations only).
   */
  validateSchema(pointer: string, value: unknown): ValidationResult;
  /** Finds an operation by its operationId. */
  operation(operationId: string): Operation | undefined;
}

const SPEC_ID = 'https://pubnub-files.invalid/openapi/pubnub-files.yaml';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let cachedSpec: JsonObject | undefined;
let cachedValidator: SpecValidator | undefined;

/** The parsed spec (read once). Treat it as read-only: it is shared. */
export function loadSpec(): JsonObject {
  cachedSpec ??= parse(readFileSync(SPEC_URL, 'utf8')) as JsonObject;
  return cachedSpec;
}

/** Splits `#/a/b~1c` into `['a', 'b/c']`. */
export function pointerSegments(pointer: string): string[] {
  const body = pointer.replace(/^#/, '');
  if (body === '') return [];
  return body
    .slice(1)
    .split('/')
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins segments into `#/a/b~1c`. */
export function toPointer(segments: readonly string[]): string {
  return `#${segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
}

/** The value at a pointer, without following `$ref`. */
export function at(pointer: string): unknown {
  let node: unknown = loadSpec();
  for (const segment of pointerSegments(pointer)) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as JsonObject)[segment];
  }
  return node;
}

/** Follows `$ref`s (local ones only, which is all the spec uses) from a pointer to where the object really is. */
export function resolvePointer(pointer: string): string {
  let current = pointer;
  for (let hops = 0; hops < 20; hops++) {
    const node = at(current);
    if (!isObject(node) || typeof node.$ref !== 'string') return current;
    current = node.$ref;
  }
  throw new Error(`$ref cycle at ${pointer}`);
}

/** The validator, compiled once from the spec and shared by every caller. */
export function createSpecValidator(): SpecValidator {
  cachedValidator ??= buildValidator();
  return cachedValidator;
}

function buildValidator(): SpecValidator {
  // strict: false because the spec carries OpenAPI keywords (`example`, `xml`…) that are not JSON Schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its default import is the module object.
  addFormatsPlugin.default(ajv);
  // OpenAPI's `binary` says how bytes travel, not a string syntax to check.
  ajv.addFormat('binary', true);
  ajv.addSchema(loadSpec(), SPEC_ID);

  const compiled = new Map<string, ValidateFunction>();
  const compile = (pointer: string): ValidateFunction => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${SPEC_ID}${encodePointer(pointer)}` });
      compiled.set(pointer, validate);
    }
    return validate;
  };

  const validateSchema = (pointer: string, value: unknown): ValidationResult => {
    if (at(pointer) === undefined) return invalid(`no schema at ${pointer}`);
    const validate = compile(pointer);
    const schemaErrors = validate(value)
      ? []
      : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
    const errors = [...schemaErrors, ...jsonTextErrors(pointer, value, validateSchema)];
    return { valid: errors.length === 0, errors };
  };

  const operation = (operationId: string): Operation | undefined => findOperation(operationId);

  return {
    operation,
    validateSchema,
    validateResponse(operationId, status, mediaType, body) {
      const op = operation(operationId);
      if (!op) return invalid(`no operation ${operationId}`);
      const responses = at(`${op.pointer}/responses`);
      const code = String(status);
      const key = isObject(responses)
        ? [code, `${code[0]}XX`, 'default'].find((candidate) => candidate in responses)
        : undefined;
      if (key === undefined) return invalid(`${operationId} declares no ${code} response`);
      const response = resolvePointer(`${op.pointer}/responses/${escapeSegment(key)}`);
      return validateContent(`${operationId} ${code}`, `${response}/content`, mediaType, body, validateSchema);
    },
    validateRequestBody(operationId, mediaType, body) {
      const op = operation(operationId);
      if (!op) return invalid(`no operation ${operationId}`);
      if (at(`${op.pointer}/requestBody`) === undefined) return invalid(`${operationId} declares no request body`);
      const requestBody = resolvePointer(`${op.pointer}/requestBody`);
      return validateContent(`${operationId} request`, `${requestBody}/content`, mediaType, body, validateSchema);
    },
  };
}

function validateContent(
  what: string,
  contentPointer: string,
  mediaType: string | undefined,
  body: unknown,
  validateSchema: SpecValidator['validateSchema'],
): ValidationResult {
  const content = at(contentPointer);
  if (!isObject(content)) {
    return body === undefined || body === '' ? { valid: true, errors: [] } : invalid(`${what} declares no body`);
  }
  if (mediaType === undefined) return invalid(`${what} declares a body; give its media type`);
  const key = matchMediaType(Object.keys(content), mediaType);
  if (key === undefined)
    return invalid(`${what} declares no ${mediaType} body (only ${Object.keys(content).join(', ')})`);
  return validateSchema(`${contentPointer}/${escapeSegment(key)}/schema`, body);
}

function matchMediaType(keys: string[], mediaType: string): string | undefined {
  const bare = mediaType.split(';')[0]!.trim().toLowerCase();
  const range = `${bare.split('/')[0]}/*`;
  return (
    keys.find((key) => key === mediaType) ??
    keys.find((key) => key.toLowerCase() === bare) ??
    keys.find((key) => key === range) ??
    keys.find((key) => key === '*/*')
  );
}

// A string whose schema declares JSON content (the publish answer) must also parse to a valid contentSchema value.
function jsonTextErrors(pointer: string, value: unknown, validateSchema: SpecValidator['validateSchema']): string[] {
  if (typeof value !== 'string') return [];
  const schemaPointer = resolvePointer(pointer);
  const schema = at(schemaPointer);
  if (!isObject(schema) || schema.contentMediaType !== 'application/json' || schema.contentSchema === undefined)
    return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return ['/ is not JSON text, but its schema declares contentMediaType application/json'];
  }
  return validateSchema(`${schemaPointer}/contentSchema`, parsed).errors.map((error) => `(parsed JSON) ${error}`);
}

function findOperation(operationId: string): Operation | undefined {
  const paths = loadSpec().paths;
  if (!isObject(paths)) return undefined;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const candidate = item[method];
      if (isObject(candidate) && candidate.operationId === operationId) {
        return { operationId, method, path, pointer: toPointer(['paths', path, method]) };
      }
    }
  }
  return undefined;
}

/** All operationIds in the spec, in document order. */
export function listOperationIds(): string[] {
  const paths = loadSpec().paths;
  if (!isObject(paths)) return [];
  return Object.values(paths).flatMap((item) =>
    isObject(item)
      ? METHODS.map((method) => item[method]).flatMap((op) =>
          isObject(op) && typeof op.operationId === 'string' ? [op.operationId] : [],
        )
      : [],
  );
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

// Ajv reads `$ref` fragments as URI fragments: characters such as `{` `}` `*` must be percent-encoded.
function encodePointer(pointer: string): string {
  return `#${pointer
    .replace(/^#/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%7E/gi, '~'))
    .join('/')}`;
}

function invalid(message: string): ValidationResult {
  return { valid: false, errors: [message] };
}

import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { decodeSegment, queryRecord, type QueryPairs } from './query.ts';

/**
 * Routing and request validation driven by the OpenAPI spec: the emulator serves exactly the operations the spec
 * declares on the PubNub origin, and refuses requests the spec calls invalid, naming the parameter at fault.
 * Operations with their own `servers` (storage upload and CDN download) are not routed here.
 */

export const DEFAULT_SPEC_URL = new URL('../../openapi/pubnub-files.yaml', import.meta.url);

export type RouteMatch =
  | { ok: true; operationId: string; params: Record<string, unknown> }
  | { ok: false; operationId: string; message: string };

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
  /** A parameter sent as JSON text (`meta`) declares its schema here instead. */
  content?: { 'application/json'?: { schema?: Record<string, unknown> } };
}

interface Route {
  operationId: string;
  method: string;
  segments: ReadonlyArray<{ literal: string } | { param: string }>;
  arrayParams: ReadonlySet<string>;
  jsonParams: ReadonlySet<string>;
  validateParams: ValidateFunction;
  validateBody: ValidateFunction | undefined;
}

const SPEC_ID = 'pubnub-files-spec';
const compiledSpecs = new Map<string, Promise<SpecRoutes>>();
const METHODS = ['get', 'post', 'delete', 'put', 'patch'] as const;

export class SpecRoutes {
  private constructor(
    private readonly routes: readonly Route[],
    /** Every operationId of the spec, the storage operations (which have their own `servers`) included. */
    readonly operationIds: readonly string[],
  ) {}

  /** Compiled once per spec file and process: every emulator started in a test run shares it. */
  static load(specUrl: URL = DEFAULT_SPEC_URL): Promise<SpecRoutes> {
    const key = specUrl.href;
    let loaded = compiledSpecs.get(key);
    if (loaded === undefined) {
      loaded = SpecRoutes.compile(specUrl);
      compiledSpecs.set(key, loaded);
      loaded.catch(() => compiledSpecs.delete(key));
    }
    return loaded;
  }

  private static async compile(specUrl: URL): Promise<SpecRoutes> {
    const spec = parse(await readFile(specUrl, 'utf8')) as Record<string, any>;
    // Parameters arrive as strings, so their validator coerces (`limit=5` becomes 5); a JSON body must be right as sent.
    const paramsAjv = createAjv(spec, true);
    const bodyAjv = createAjv(spec, false);
    const deref = (node: any): any => (node?.$ref ? deref(pointer(spec, node.$ref)) : node);
    const routes: Route[] = [];
    const operationIds: string[] = [];
    for (const [template, pathItem] of Object.entries<Record<string, any>>(spec.paths ?? {})) {
      for (const method of METHODS) {
        const operation = pathItem[method];
        if (operation === undefined) continue;
        operationIds.push(operation.operationId);
        if (operation.servers !== undefined) continue;
        const parameters: Parameter[] = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(deref);
        const bodySchema = deref(operation.requestBody)?.content?.['application/json']?.schema;
        routes.push({
          operationId: operation.operationId,
          method: method.toUpperCase(),
          segments: template.split('/').map((s) => (/^\{.+\}$/.test(s) ? { param: s.slice(1, -1) } : { literal: s })),
          arrayParams: new Set(parameters.filter((p) => allowsArray(p.schema)).map((p) => p.name)),
          jsonParams: new Set(
            parameters.filter((p) => p.content?.['application/json'] !== undefined).map((p) => p.name),
          ),
          validateParams: paramsAjv.compile(parametersSchema(parameters)),
          validateBody: bodySchema === undefined ? undefined : bodyAjv.compile(rebase(bodySchema)),
        });
      }
    }
    // Templates with more fixed segments win, so `/v1/files/publish-file/...` is never read as a sub_key.
    const literals = (r: Route): number => r.segments.filter((s) => 'literal' in s).length;
    return new SpecRoutes(
      routes.sort((a, b) => literals(b) - literals(a)),
      operationIds,
    );
  }

  /** undefined when no operation has this method and path; otherwise the operation and its validated parameters. */
  match(method: string, rawPath: string, query: QueryPairs): RouteMatch | undefined {
    const parts = rawPath.split('/');
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const raw: Record<string, string> = {};
      const fits = route.segments.every((segment, i) =>
        'literal' in segment ? segment.literal === parts[i] : ((raw[segment.param] = parts[i] ?? ''), true),
      );
      if (fits) return validate(route, raw, query);
    }
    return undefined;
  }

  /** The methods the spec declares for this path, empty when it declares none. */
  methodsOf(rawPath: string): string[] {
    const parts = rawPath.split('/');
    const fits = (route: Route): boolean =>
      route.segments.length === parts.length &&
      route.segments.every((s, i) => !('literal' in s) || s.literal === parts[i]);
    return [...new Set(this.routes.filter(fits).map((r) => r.method))];
  }

  expectsJsonBody(operationId: string): boolean {
    return this.routes.some((r) => r.operationId === operationId && r.validateBody !== undefined);
  }

  /** A message naming what is wrong with a JSON request body, or undefined when it conforms. */
  bodyProblem(operationId: string, body: unknown): string | undefined {
    const validator = this.routes.find((r) => r.operationId === operationId)?.validateBody;
    if (validator === undefined || validator(body)) return undefined;
    return `Invalid request body: ${describe(validator.errors?.[0], 'body')}`;
  }
}

function createAjv(spec: unknown, coerceTypes: boolean): Ajv2020 {
  // strict: false because the spec carries OpenAPI keywords (`example`, `xml`) that are not JSON Schema.
  const ajv = new Ajv2020({ strict: false, coerceTypes, allErrors: false });
  addFormats.default(ajv);
  ajv.addSchema(spec as object, SPEC_ID);
  return ajv;
}

function validate(route: Route, rawPath: Record<string, string>, query: QueryPairs): RouteMatch {
  const params: Record<string, unknown> = { ...queryRecord(query) };
  for (const [name, raw] of Object.entries(rawPath)) {
    const pieces = route.arrayParams.has(name) ? raw.split(',') : [raw];
    const decoded = pieces.map(decodeSegment);
    if (decoded.some((d) => d === undefined)) {
      return {
        ok: false,
        operationId: route.operationId,
        message: `Invalid percent-encoding in path parameter '${name}'`,
      };
    }
    params[name] = route.arrayParams.has(name) ? decoded : decoded[0];
  }
  for (const name of route.jsonParams) {
    if (typeof params[name] !== 'string') continue;
    try {
      params[name] = JSON.parse(params[name]);
    } catch {
      return { ok: false, operationId: route.operationId, message: `Invalid parameter '${name}': not JSON` };
    }
  }
  if (route.validateParams(params)) return { ok: true, operationId: route.operationId, params };
  return {
    ok: false,
    operationId: route.operationId,
    message: describe(route.validateParams.errors?.[0], 'parameter'),
  };
}

/** `type: array` or `type: [array, string]`: a comma-separated list on the wire (style simple). */
function allowsArray(schema: Record<string, unknown> | undefined): boolean {
  const type = schema?.['type'];
  return type === 'array' || (Array.isArray(type) && type.includes('array'));
}

function parametersSchema(parameters: readonly Parameter[]): Record<string, unknown> {
  const relevant = parameters.filter((p) => p.in === 'path' || p.in === 'query');
  return {
    type: 'object',
    properties: Object.fromEntries(
      relevant.map((p) => [p.name, rebase(p.schema ?? p.content?.['application/json']?.schema ?? {})]),
    ),
    required: relevant.filter((p) => p.required === true).map((p) => p.name),
  };
}

function describe(error: ErrorObject | undefined, what: string): string {
  if (error === undefined) return `Invalid ${what}`;
  const field = error.instancePath.split('/').filter(Boolean).join('.');
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    return what === 'parameter'
      ? `Missing required parameter '${missing}'`
      : `'${field ? `${field}.` : ''}${missing}' is required`;
  }
  return what === 'parameter' ? `Invalid parameter '${field}': ${error.message}` : `'${field}' ${error.message}`;
}

/** Local `$ref`s inside a copied schema must point into the spec registered under SPEC_ID. */
function rebase(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#') ? SPEC_ID + v : rebase(v),
    ]),
  );
}

function pointer(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((node, token) => node?.[token], document);
}

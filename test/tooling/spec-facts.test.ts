// src/generated/spec-facts.ts: the spec's facts as the code uses them, derived from the spec and not restated.
import { readFile } from 'node:fs/promises';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parse } from 'yaml';
import { generateFacts, specUrl } from '../../scripts/generate.ts';
import type { operations, paths } from '../../src/generated/pubnub-files.ts';
import {
  MAX_STORED_FILE_BYTES,
  operationFacts,
  operationIds,
  withoutCommonQuery,
  type OperationId,
} from '../../src/generated/spec-facts.ts';
import { createFilesClient } from '../../src/lowlevel/client.ts';

const specText = await readFile(specUrl, 'utf8');

describe('the operation ids', () => {
  it('are the keys of the generated `operations` type, no more and no fewer', () => {
    expectTypeOf<OperationId>().toEqualTypeOf<keyof operations>();
    expect(Object.keys(operationFacts)).toEqual(operationIds);
  });

  it('name each operation at its method and path in the generated `paths`', () => {
    expectTypeOf<
      (typeof operationFacts)['getFile']['path']
    >().toEqualTypeOf<'/v1/files/{sub_key}/channels/{channel}/files/{file_id}/{file_name}'>();
    expectTypeOf<paths[(typeof operationFacts)['getFile']['path']]['get']>().toEqualTypeOf<operations['getFile']>();
    type DeletePath = (typeof operationFacts)['deleteFile']['path'];
    expectTypeOf<paths[DeletePath]['delete']>().toEqualTypeOf<operations['deleteFile']>();
    const spec = parse(specText) as { paths: Record<string, Record<string, { operationId?: string }>> };
    for (const [id, { method, path }] of Object.entries(operationFacts)) {
      expect(spec.paths[path]?.[method.toLowerCase()]?.operationId, `${method} ${path}`).toBe(id);
    }
  });
});

describe('the common query', () => {
  it('is left off exactly the storage upload and the CDN download (the operations with `security: []`)', () => {
    const exempt = operationIds.filter((id) => !operationFacts[id].commonQuery);
    expect(exempt).toEqual(['uploadFile', 'downloadFile']);
    expect(withoutCommonQuery).toEqual(['POST /', 'GET /{sub_key}/{opaque}/{file_id}/{file_name}']);
  });

  it('follows the spec: an operation that drops `security: []` carries it', async () => {
    const changed = specText.replace(/(operationId: downloadFile[\s\S]*?)\n {6}security: \[\]\n/, '$1\n');
    expect(changed).not.toBe(specText);
    const facts = await generateFacts(changed);
    expect(facts).toMatch(/ downloadFile: \{\n {4}method: 'GET',\n {4}path: '[^']+',\n {4}commonQuery: true,\n/);
    expect(facts).not.toContain("'GET /{sub_key}/{opaque}/{file_id}/{file_name}'");
  });

  it('is what the low-level client adds, operation by operation', async () => {
    const requests: Request[] = [];
    const client = createFilesClient({
      userId: 'user-1',
      baseUrl: 'http://localhost:9',
      fetch: async (request) => {
        requests.push(request);
        return Response.json({});
      },
    });
    const call = client as unknown as Record<string, (path: string, init: object) => Promise<unknown>>;
    for (const id of operationIds) {
      const { method, path } = operationFacts[id];
      const names = [...path.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]!);
      await call[method]!(path, { params: { path: Object.fromEntries(names.map((name) => [name, 'x'])) } });
      const query = new URL(requests.at(-1)!.url).searchParams;
      expect(query.get('uuid'), id).toBe(operationFacts[id].commonQuery ? 'user-1' : null);
    }
    expect(requests).toHaveLength(operationIds.length);
  });
});

describe('the storage limit', () => {
  it('is the limit the spec states, the one storage reports in its EntityTooLarge answer', () => {
    const reported = /<MaxSizeAllowed>(\d+)<\/MaxSizeAllowed>/.exec(specText)?.[1];
    expect(MAX_STORED_FILE_BYTES).toBe(Number(reported));
    expect(MAX_STORED_FILE_BYTES).toBe(5 * 1024 * 1024);
  });

  it("comes from the upload form's `file` part: without it the generator refuses", async () => {
    const changed = specText.replace(/\n {10}x-pubnub-max-bytes: \d+\n/, '\n');
    expect(changed).not.toBe(specText);
    await expect(generateFacts(changed)).rejects.toThrow(/x-pubnub-max-bytes/);
    const doubled = specText.replace(/x-pubnub-max-bytes: \d+/, 'x-pubnub-max-bytes: 10485760');
    expect(await generateFacts(doubled)).toContain('export const MAX_STORED_FILE_BYTES = 10485760;');
  });
});

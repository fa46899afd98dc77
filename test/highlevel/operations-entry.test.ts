// `pubnub-files/operations`: each standalone function is the method of the same name, and an app ships only the
// functions it imports.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as standalone from '../../src/operations.ts';
import { OPERATIONS, type OperationName } from '../../src/highlevel/operations/index.ts';
import { PubNub } from '../../src/highlevel/pubnub.ts';
import { bundleSize, SIZE_APP } from '../../scripts/bundle-size.ts';
import { errorOf } from '../support/errors.ts';
import { KEYS } from '../support/keys.ts';
import { fakeService, json } from '../support/sdk-fake-service.ts';
const names = Object.keys(OPERATIONS) as OperationName[];

describe('pubnub-files/operations', () => {
  it('has a function for every operation of the table', () => {
    for (const name of names) expect(typeof standalone[name], name).toBe('function');
  });

  it('sends the same request and resolves the same result as the PubNub method', async () => {
    const page = {
      status: 200,
      data: [{ name: 'a', id: 'i', size: 1, created: '2025-01-01T00:00:00Z' }],
      next: null,
      count: 1,
    };
    const service = fakeService({ list: () => json(page) });
    const client = standalone.createClient({ ...KEYS, fetch: service.fetch });
    const pubnub = new PubNub({ ...KEYS, fetch: service.fetch });
    const viaFunction = await standalone.listFiles(client, { channel: 'c', limit: 5 });
    const viaMethod = await pubnub.listFiles({ channel: 'c', limit: 5 });
    expect(viaFunction).toEqual(viaMethod);
    const strip = (request: Request) => request.url.replace(/requestid=[^&]+/, '');
    expect(strip(service.requests[0]!)).toBe(strip(service.requests[1]!));
    const files = [];
    for await (const file of standalone.iterateFiles(client, { channel: 'c' })) files.push(file.id);
    expect(files).toEqual(['i']);
  });

  it.each(names)(
    '%s: refuses a client createClient did not make, and bad params, with the operation named',
    async (name) => {
      const call = standalone[name] as (client: unknown, params: unknown) => Promise<unknown>;
      const notAClient = await errorOf(call({ subscribeKey: 'x' }, { channel: 'c' }));
      expect(notAClient.status).toMatchObject({
        category: 'PNValidationErrorCategory',
        operation: OPERATIONS[name].operation,
      });
      expect(notAClient.message).toMatch(/createClient/);
      const client = standalone.createClient({ ...KEYS, fetch: () => Promise.reject(new Error('no network here')) });
      const nullParams = await errorOf(call(client, null));
      expect(nullParams.status).toMatchObject({
        category: 'PNValidationErrorCategory',
        operation: OPERATIONS[name].operation,
      });
    },
  );

  it('hides a configured secret in the errors of a standalone call', async () => {
    const service = fakeService({
      list: () => json({ status: 403, error: true, message: 'auth-secret-token revoked' }, 403),
    });
    const client = standalone.createClient({ ...KEYS, authKey: 'auth-secret-token', fetch: service.fetch });
    const error = await errorOf(standalone.listFiles(client, { channel: 'c' }));
    expect(JSON.stringify(error)).not.toContain('auth-secret-token');
  });

  it('an app that imports listFiles alone ships no other operation', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const app =
      "import { createClient, listFiles } from './src/operations.ts';\nexport const list = (config) => listFiles(createClient(config), { channel: 'room' });\n";
    const result = await bundleSize({ contents: app, resolveDir: root });
    const inputs = Object.keys(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
    expect(inputs.some((path) => path.endsWith('operations/list-files.ts'))).toBe(true);
    for (const left of [
      'send-file.ts',
      'download-file.ts',
      'file-message.ts',
      'publish-file-message.ts',
      'fetch-file-messages.ts',
      'delete-file.ts',
    ]) {
      expect(
        inputs.filter((path) => path.endsWith(left)),
        left,
      ).toEqual([]);
    }
  });

  it('an app that imports sendFile and downloadFile does not ship the other operations or the PubNub class', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = await bundleSize({
      contents: SIZE_APP.replace("'pubnub-files/operations'", "'./src/operations.ts'"),
      resolveDir: root,
    });
    const inputs = Object.keys(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
    expect(inputs.some((path) => path.endsWith('operations/send-file.ts'))).toBe(true);
    for (const left of [
      'list-files.ts',
      'fetch-file-messages.ts',
      'delete-file.ts',
      'highlevel/pubnub.ts',
      'subscribe/on-demand.ts',
    ]) {
      expect(
        inputs.filter((path) => path.endsWith(left)),
        left,
      ).toEqual([]);
    }
  });
});

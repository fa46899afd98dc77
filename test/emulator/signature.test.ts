import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { signV2, stringToSign } from '../../src/emulator/signature.ts';
import { parseQuery } from '../../src/emulator/query.ts';
import { conforming, enc, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';

// docs/protocol.md A3: secret `sec-c-mock`, publish key `pub-c-mock`.
const VECTORS = [
  {
    method: 'GET',
    path: '/v1/files/sub-c-mock/channels/ch1/files',
    query: 'limit=100&pnsdk=PubNub-JS-Nodejs%2F12.0.3&timestamp=1795750399&uuid=user-1',
    body: '',
    signature: 'v2.L6L8_JWoxFAWS_ZHLLe5gt-U3Pp0u8yhk1zbF1VBtMs',
  },
  {
    method: 'POST',
    path: '/v1/files/sub-c-mock/channels/ch1/generate-upload-url',
    query: 'pnsdk=PubNub-JS-Nodejs%2F12.0.3&timestamp=1795750399&uuid=user-1',
    body: '{"name":"a.txt"}',
    signature: 'v2.mPj32oX7kxgQxaUots5Ipyk9I2NEs-HR8Pwe0qKFnAM',
  },
  {
    method: 'GET',
    path: '/v1/files/publish-file/pub-c-mock/sub-c-mock/0/ch1/0/%7B%22file%22%3A%7B%22name%22%3A%22a.txt%22%2C%22id%22%3A%22file-id-1%22%7D%7D',
    query: 'pnsdk=PubNub-JS-Nodejs%2F12.0.3&store=1&timestamp=1795750399&uuid=user-1',
    body: '',
    signature: 'v2.7hteaOsDe9FCVxwmYVMpxOiuCRSg3PICiqKCEA6n4SI',
  },
  {
    method: 'DELETE',
    path: '/v1/files/sub-c-mock/channels/ch1/files/id1/a.txt',
    query: 'pnsdk=PubNub-JS-Nodejs%2F12.0.3&timestamp=1795750399&uuid=user-1',
    body: '',
    signature: 'v2.OukG3zYL307XsNqpQChwdmnWkcgOjrj_cer0bt_-aoE',
  },
];

describe('the emulator signature verifier against the docs/protocol.md A3 vectors', () => {
  it.each(VECTORS)('$method $path', (vector) => {
    // Query parameters arrive in any order and with a signature; the verifier must rebuild the signed string.
    const shuffled = parseQuery(`signature=${vector.signature}&${vector.query.split('&').reverse().join('&')}`);
    const text = stringToSign('pub-c-mock', {
      method: vector.method,
      rawPath: vector.path,
      query: shuffled,
      body: vector.body,
    });
    expect(text).toBe(`${vector.method}\npub-c-mock\n${vector.path}\n${vector.query}\n${vector.body}`);
    expect(signV2('sec-c-mock', text)).toBe(vector.signature);
  });
});

describe('an emulator with a secret key', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  const signed = (method: string, path: string, query: string, body = '', secret = 'sec-c-test') => {
    const text = stringToSign('pub-c-test', { method, rawPath: path, query: parseQuery(query), body });
    return `${path}?${query}&signature=${signV2(secret, text)}`;
  };
  const now = () => Math.floor(Date.now() / 1000);
  const listPath = `/v1/files/${SUB_KEY}/channels/${enc('a b/ü')}/files`;

  it('accepts correctly signed calls, GET and POST', async () => {
    emulator = await startTestEmulator({ secretKey: 'sec-c-test', publishKey: 'pub-c-test' });
    const query = `uuid=user-1&pnsdk=${enc('PubNub-JS-Nodejs/12.0.3')}&timestamp=${now()}`;
    const listed = await conforming('listFiles', await fetch(emulator.url + signed('GET', listPath, query)));
    expect(listed.status).toBe(200);

    const body = JSON.stringify({ name: 'signed.txt' });
    const path = `/v1/files/${SUB_KEY}/channels/ch/generate-upload-url`;
    const generated = await conforming(
      'generateUploadUrl',
      await fetch(emulator.url + signed('POST', path, query, body), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }),
    );
    expect(generated.status).toBe(200);
  });

  it.each([
    ['no signature', (q: string) => `${listPath}?${q}`, 'Missing signature'],
    ['a wrong secret', (q: string) => signed('GET', listPath, q, '', 'sec-c-wrong'), 'Signature does not match'],
    [
      'a query changed after signing',
      (q: string) => signed('GET', listPath, q).replace('uuid=user-1', 'uuid=user-2'),
      'Signature does not match',
    ],
    [
      'a method signed as LOCAL',
      (q: string) => {
        const text = stringToSign('pub-c-test', { method: 'LOCAL', rawPath: listPath, query: parseQuery(q), body: '' });
        return `${listPath}?${q}&signature=${signV2('sec-c-test', text)}`;
      },
      'Signature does not match',
    ],
  ])('refuses %s with the Access Manager 403', async (_, build, message) => {
    emulator = await startTestEmulator({ secretKey: 'sec-c-test', publishKey: 'pub-c-test' });
    const answer = await conforming('listFiles', await fetch(emulator.url + build(`uuid=user-1&timestamp=${now()}`)));
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ error: true, status: 403, service: 'Access Manager', message });
    expect(JSON.stringify(answer.body)).not.toContain('sec-c-test');
  });

  it('refuses a timestamp outside its window', async () => {
    emulator = await startTestEmulator({
      secretKey: 'sec-c-test',
      publishKey: 'pub-c-test',
      signatureWindowSeconds: 60,
    });
    const stale = await conforming(
      'listFiles',
      await fetch(emulator.url + signed('GET', listPath, `uuid=user-1&timestamp=${now() - 3600}`)),
    );
    expect(stale.status).toBe(403);
    expect(stale.body.message).toContain('timestamp');
  });

  it('refuses a signed subscribe and publish with a bad signature too', async () => {
    emulator = await startTestEmulator({ secretKey: 'sec-c-test', publishKey: 'pub-c-test' });
    const sub = await conforming(
      'subscribe',
      await fetch(
        `${emulator.url}/v2/subscribe/${SUB_KEY}/ch/0?uuid=u&tt=0&timestamp=${now()}&signature=v2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      ),
    );
    expect(sub.status).toBe(403);
    const publishPath = `/v1/files/publish-file/pub-c-test/${SUB_KEY}/0/ch/0/${enc('{"file":{"id":"i","name":"n"}}')}`;
    const good = await conforming(
      'publishFileMessage',
      await fetch(emulator.url + signed('GET', publishPath, `uuid=u&store=1&timestamp=${now()}`)),
    );
    expect(good.status).toBe(200);
  });

  it('needs the publish key the signatures cover', async () => {
    await expect(startTestEmulator({ secretKey: 'sec-c-test' })).rejects.toThrow(/publishKey/);
    emulator = await startTestEmulator();
  });
});

describe('an emulator without a secret key', () => {
  it('accepts any key set unsigned', async () => {
    const emulator = await startTestEmulator();
    try {
      for (const subKey of ['demo', 'sub-c-anything', 'x']) {
        const answer = await conforming(
          'listFiles',
          await fetch(`${emulator.url}/v1/files/${subKey}/channels/c/files?uuid=u`),
        );
        expect(answer.status).toBe(200);
      }
    } finally {
      await emulator.close();
    }
  });
});

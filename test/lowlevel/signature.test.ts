import { describe, expect, it } from 'vitest';
import { signRequest, stringToSign, type SignatureInput } from '../../src/lowlevel/signature.ts';

// The four verified vectors of docs/protocol.md A3 (secret `sec-c-mock`, publish key `pub-c-mock`).
const common = { pnsdk: 'PubNub-JS-Nodejs/12.0.3', timestamp: '1795750399', uuid: 'user-1' };
const vectors: { name: string; input: SignatureInput; signed: string; signature: string }[] = [
  {
    name: 'GET list files',
    input: {
      method: 'GET',
      publishKey: 'pub-c-mock',
      path: '/v1/files/sub-c-mock/channels/ch1/files',
      query: { ...common, limit: '100' },
    },
    signed:
      'GET\npub-c-mock\n/v1/files/sub-c-mock/channels/ch1/files\nlimit=100&pnsdk=PubNub-JS-Nodejs%2F12.0.3&timestamp=1795750399&uuid=user-1\n',
    signature: 'v2.L6L8_JWoxFAWS_ZHLLe5gt-U3Pp0u8yhk1zbF1VBtMs',
  },
  {
    name: 'POST generate upload URL, body signed',
    input: {
      method: 'POST',
      publishKey: 'pub-c-mock',
      path: '/v1/files/sub-c-mock/channels/ch1/generate-upload-url',
      query: common,
      body: '{"name":"a.txt"}',
    },
    signed:
      'POST\npub-c-mock\n/v1/files/sub-c-mock/channels/ch1/generate-upload-url\npnsdk=PubNub-JS-Nodejs%2F12.0.3&timestamp=1795750399&uuid=user-1\n{"name":"a.txt"}',
    signature: 'v2.mPj32oX7kxgQxaUots5Ipyk9I2NEs-HR8Pwe0qKFnAM',
  },
  {
    name: 'GET publish file message, encoded message segment',
    input: {
      method: 'GET',
      publishKey: 'pub-c-mock',
      path: '/v1/files/publish-file/pub-c-mock/sub-c-mock/0/ch1/0/%7B%22file%22%3A%7B%22name%22%3A%22a.txt%22%2C%22id%22%3A%22file-id-1%22%7D%7D',
      query: { uuid: 'user-1', store: '1', timestamp: '1795750399', pnsdk: 'PubNub-JS-Nodejs/12.0.3' },
    },
    signed:
      'GET\npub-c-mock\n/v1/files/publish-file/pub-c-mock/sub-c-mock/0/ch1/0/%7B%22file%22%3A%7B%22name%22%3A%22a.txt%22%2C%22id%22%3A%22file-id-1%22%7D%7D\npnsdk=PubNub-JS-Nodejs%2F12.0.3&store=1&timestamp=1795750399&uuid=user-1\n',
    signature: 'v2.7hteaOsDe9FCVxwmYVMpxOiuCRSg3PICiqKCEA6n4SI',
  },
  {
    name: 'DELETE file',
    input: {
      method: 'DELETE',
      publishKey: 'pub-c-mock',
      path: '/v1/files/sub-c-mock/channels/ch1/files/id1/a.txt',
      query: common,
    },
    signed:
      'DELETE\npub-c-mock\n/v1/files/sub-c-mock/channels/ch1/files/id1/a.txt\npnsdk=PubNub-JS-Nodejs%2F12.0.3&timestamp=1795750399&uuid=user-1\n',
    signature: 'v2.OukG3zYL307XsNqpQChwdmnWkcgOjrj_cer0bt_-aoE',
  },
];

describe('v2 request signature (docs/protocol.md A3)', () => {
  for (const vector of vectors) {
    it(`builds the string to sign and the signature for ${vector.name}`, async () => {
      expect(stringToSign(vector.input)).toBe(vector.signed);
      expect(await signRequest('sec-c-mock', vector.input)).toBe(vector.signature);
    });
  }

  it('ignores a signature already in the query and sorts keys', () => {
    const input = vectors[3]!.input;
    const withSignature = { ...input, query: { signature: 'v2.old', ...input.query } };
    expect(stringToSign(withSignature)).toBe(vectors[3]!.signed);
  });

  it('changes when the secret or any signed part changes', async () => {
    const input = vectors[0]!.input;
    expect(await signRequest('sec-c-other', input)).not.toBe(vectors[0]!.signature);
    expect(await signRequest('sec-c-mock', { ...input, query: { ...input.query, limit: '99' } })).not.toBe(
      vectors[0]!.signature,
    );
  });
});

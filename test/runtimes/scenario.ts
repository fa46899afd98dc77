// The one scenario every runtime runs against the built package. It takes the package as an argument so each
// runtime loads it its own way (node_modules resolution, an import map, a bundle) and this file imports nothing.
import type * as Sdk from '../../src/index.ts';

export interface ScenarioResult {
  /** Plaintext bytes that went up and came back equal. */
  bytes: number;
  /** What storage held: the AES-CBC module's exact size for those bytes, checked against the listing. */
  storedBytes: number;
  /** How many `uploading` figures sendFile reported: more than start and end only where the upload is streamed. */
  uploadReports: number;
}

const CIPHER_KEY = 'runtime-test-key';

/** send (encrypted with the AES-CBC module) → list → download (decrypt, compare bytes) → delete → list. */
export async function runScenario(sdk: typeof Sdk, origin: string, runtime: string): Promise<ScenarioResult> {
  const { PubNub, CryptoModule } = sdk;
  const cryptoModule = CryptoModule.aesCbcCryptoModule({ cipherKey: CIPHER_KEY });
  const config = { origin, ssl: false, publishKey: 'demo', subscribeKey: 'demo', userId: `runtime-${runtime}` };
  const pubnub = new PubNub({ ...config, cryptoModule });
  // Each runtime on its own channel: the seven may share one emulator.
  const channel = `runtimes-${runtime}`;
  // Not a multiple of the AES block, so padding is exercised; a pattern that a wrong offset would not reproduce.
  const original = new Uint8Array(70_001).map((_, i) => (i * 31 + 7) % 251);

  const uploading: Sdk.Progress[] = [];
  const onProgress = (progress: Sdk.Progress) => void (progress.phase === 'uploading' && uploading.push(progress));
  const sent = await pubnub.sendFile({
    channel,
    fileName: 'grail map.bin',
    file: original,
    message: { from: runtime },
    onProgress,
  });
  // Node and Bun send the upload as a stream of 64 KiB slices with its Content-Length; elsewhere it is one step.
  const streamed = /^(node|bun)/.test(runtime);
  const body = uploading.at(-1)?.total ?? 0;
  expect(
    body > original.length && uploading.every((report) => report.total === body),
    'upload figures lack the body size',
  );
  expect(
    uploading[0]?.loaded === 0 && uploading.at(-1)?.loaded === body,
    'upload figures do not run from 0 to the body size',
  );
  const expectedReports = streamed ? 1 + Math.ceil(body / 65_536) : 2;
  expect(
    uploading.length >= expectedReports,
    `${uploading.length} upload figures, expected at least ${expectedReports}`,
  );
  if (!streamed) expect(uploading.length === 2, `${uploading.length} upload figures where the upload is not streamed`);

  const listed = await pubnub.listFiles({ channel });
  const entry = listed.data.find((file) => file.id === sent.fileId);
  expect(entry !== undefined, `listFiles does not show the sent file ${sent.fileId}`);
  const storedBytes = cryptoModule.encryptedFileSize(original.length);
  expect(entry.size === storedBytes, `listed size ${entry.size}, expected the encrypted size ${storedBytes}`);

  let downloadedBytes = 0;
  const downloaded = await pubnub.downloadFile({
    channel,
    fileId: sent.fileId,
    fileName: sent.name,
    onProgress: (progress) => void (progress.phase === 'downloading' && (downloadedBytes = progress.loaded)),
  });
  expect(downloadedBytes === storedBytes, `download figures reached ${downloadedBytes}, expected ${storedBytes}`);
  expect(
    sameBytes(downloaded.data, original),
    `downloaded bytes differ from the sent ones (${downloaded.data.length} bytes)`,
  );

  // The same file fetched without the key is the ciphertext: encryption really happened on this runtime.
  const raw = await new PubNub(config).downloadFile({ channel, fileId: sent.fileId, fileName: sent.name });
  expect(raw.data.length === storedBytes, `stored file is ${raw.data.length} bytes, expected ${storedBytes}`);
  const header = new TextDecoder().decode(raw.data.subarray(0, 9));
  expect(header.startsWith('PNED') && header.endsWith('ACRH'), 'the stored file lacks the PNED…ACRH header');

  await pubnub.deleteFile({ channel, fileId: sent.fileId, fileName: sent.name });
  const after = await pubnub.listFiles({ channel });
  expect(!after.data.some((file) => file.id === sent.fileId), 'the deleted file is still listed');

  return { bytes: original.length, storedBytes, uploadReports: uploading.length };
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

import { describe, expectTypeOf, it } from 'vitest';
import type { Envelope } from '../../src/highlevel/builder.ts';
import type { ResolvedConfig } from '../../src/highlevel/config.ts';
import type { FilesClientOptions } from '../../src/lowlevel/client.ts';
import type {
  DeleteFileBuilder,
  DownloadFileBuilder,
  GetFileUrlBuilder,
  ListFilesBuilder,
  PublishFileMessageBuilder,
  SendFileBuilder,
} from '../../src/highlevel/builders.ts';
import type { Status } from '../../src/highlevel/errors.ts';
import type { PubNub } from '../../src/highlevel/pubnub.ts';
import type { FileInfo } from '../../src/highlevel/operations/list-files.ts';

// Type tests only: the calls below are type-checked (npm run typecheck) but never run, so nothing is sent.
declare const pubnub: PubNub;

/** Keeps a block for the type checker only: it is never called. */
function typeOnly(block: () => unknown): void {
  expectTypeOf(block).toBeFunction();
}

describe('iterateFiles', () => {
  it('is typed without annotations: a loop over it needs none (no TS7022), the builder form too', () =>
    typeOnly(async () => {
      for await (const file of pubnub.iterateFiles({ channel: 'c', limit: 10, signal: AbortSignal.abort() })) {
        expectTypeOf(file).toEqualTypeOf<FileInfo>();
      }
      for await (const file of pubnub.iterateFiles().channel('c').limit(10).signal(AbortSignal.abort())) {
        expectTypeOf(file).toEqualTypeOf<FileInfo>();
      }
      // @ts-expect-error: next is the iterator's business, not a parameter
      pubnub.iterateFiles({ channel: 'c', next: 'token' });
    }));
});

describe('onProgress', () => {
  it('hands each call the phases it can report', () =>
    typeOnly(() => {
      pubnub.sendFile({
        channel: 'c',
        fileName: 'a',
        file: 'x',
        onProgress: (p) => expectTypeOf(p.phase).toEqualTypeOf<'encrypting' | 'uploading' | 'publishing'>(),
      });
      pubnub.downloadFile({
        channel: 'c',
        fileId: 'i',
        fileName: 'n',
        onProgress: (p) => expectTypeOf(p.phase).toEqualTypeOf<'downloading' | 'decrypting'>(),
      });
      pubnub.downloadFile().onProgress(({ loaded, total }) => {
        expectTypeOf(loaded).toEqualTypeOf<number>();
        expectTypeOf(total).toEqualTypeOf<number | undefined>();
      });
      // @ts-expect-error: a download has no uploading phase
      pubnub.downloadFile().onProgress((p: { phase: 'uploading' }) => p);
    }));
});

describe('builders', () => {
  it('no arguments gives a builder whose setters chain and end in future()/result()', () =>
    typeOnly(() => {
      expectTypeOf(pubnub.sendFile()).toEqualTypeOf<SendFileBuilder>();
      expectTypeOf(
        pubnub
          .sendFile()
          .channel('c')
          .fileName('a')
          .fileObject(new Uint8Array())
          .message(0)
          .meta({})
          .shouldStore(true)
          .ttl(1)
          .customMessageType('abc')
          .cipherKey('k')
          .signal(AbortSignal.abort()),
      ).toEqualTypeOf<SendFileBuilder>();
      expectTypeOf(pubnub.listFiles().channel('c').limit(1).next('n')).toEqualTypeOf<ListFilesBuilder>();
      expectTypeOf(pubnub.getFileUrl().channel('c').fileId('i').fileName('n')).toEqualTypeOf<GetFileUrlBuilder>();
      expectTypeOf(
        pubnub.downloadFile().channel('c').fileId('i').fileName('n').cipherKey('k'),
      ).toEqualTypeOf<DownloadFileBuilder>();
      expectTypeOf(pubnub.deleteFile().channel('c').fileId('i').fileName('n')).toEqualTypeOf<DeleteFileBuilder>();
      expectTypeOf(
        pubnub
          .publishFileMessage()
          .channel('c')
          .fileId('i')
          .fileName('n')
          .message(null)
          .meta({})
          .shouldStore(false)
          .ttl(1)
          .customMessageType('abc'),
      ).toEqualTypeOf<PublishFileMessageBuilder>();
    }));

  it('fileObject takes every supported input and rejects others', () =>
    typeOnly(() => {
      const builder = pubnub.sendFile();
      expectTypeOf(builder.fileObject).toBeCallableWith('text');
      expectTypeOf(builder.fileObject).toBeCallableWith(new ArrayBuffer(1));
      expectTypeOf(builder.fileObject).toBeCallableWith(new Blob([]));
      expectTypeOf(builder.fileObject).toBeCallableWith(new Blob([]).stream());
      expectTypeOf(builder.fileObject).toBeCallableWith((async function* () {})());
      // @ts-expect-error a number is not a file
      builder.fileObject(42);
    }));

  it('the params form returns the result promise directly, and requires the required params', () =>
    typeOnly(() => {
      expectTypeOf(pubnub.sendFile({ channel: 'c', fileName: 'a', file: 'x' })).toEqualTypeOf<
        Promise<{ name: string; fileId: string; timestamp: string }>
      >();
      expectTypeOf(pubnub.getFileUrl({ channel: 'c', fileId: 'i', fileName: 'n' })).toEqualTypeOf<
        Promise<{ fileUrl: string }>
      >();
      expectTypeOf(pubnub.deleteFile({ channel: 'c', fileId: 'i', fileName: 'n' })).toEqualTypeOf<
        Promise<{ status: number }>
      >();
      expectTypeOf(pubnub.publishFileMessage({ channel: 'c', fileId: 'i', fileName: 'n' })).toEqualTypeOf<
        Promise<{ timestamp: string }>
      >();
      // @ts-expect-error channel is required
      void pubnub.listFiles({ limit: 5 });
      // @ts-expect-error fileId is required
      void pubnub.deleteFile({ channel: 'c', fileName: 'n' });
    }));
});

describe('results', () => {
  it('listFiles: next/prev string or null, timetokens as strings, data items', () => {
    type Page = Awaited<ReturnType<ListFilesBuilder['result']>>;
    expectTypeOf<Page['next']>().toEqualTypeOf<string | null>();
    expectTypeOf<Page['prev']>().toEqualTypeOf<string | null>();
    expectTypeOf<Page['count']>().toEqualTypeOf<number>();
    expectTypeOf<Page['data'][number]>().toEqualTypeOf<{ id: string; name: string; size: number; created: string }>();
  });

  it('downloadFile gives bytes, name and content type', () => {
    type Download = Awaited<ReturnType<DownloadFileBuilder['result']>>;
    expectTypeOf<Download>().toEqualTypeOf<{ data: Uint8Array; name: string; contentType: string | undefined }>();
  });

  it('future() gives an Envelope that narrows on result', () =>
    typeOnly(async () => {
      const envelope = await pubnub.sendFile().channel('c').fileName('a').fileObject('x').future();
      expectTypeOf(envelope).toEqualTypeOf<Envelope<{ name: string; fileId: string; timestamp: string }>>();
      if (envelope.result !== null) {
        expectTypeOf(envelope.result.timestamp).toEqualTypeOf<string>();
        expectTypeOf(envelope.status.error).toEqualTypeOf<false>();
      } else {
        expectTypeOf(envelope.status).toMatchTypeOf<Status>();
        expectTypeOf(envelope.status.error).toEqualTypeOf<true>();
      }
    }));
});

describe('the resolved config handed to the low-level client as its options (context.ts)', () => {
  it('shares with those options exactly the names meant to reach them', () => {
    // context.ts passes the whole ResolvedConfig where FilesClientOptions and CommonQueryOptions are expected: a config
    // field that came to share a name with another low-level option (requestId, now, pnsdk, baseUrl) would silently
    // reach the client. This fails typecheck when the overlap changes.
    type Shared = Extract<keyof ResolvedConfig, keyof FilesClientOptions>;
    expectTypeOf<Shared>().toEqualTypeOf<
      'userId' | 'authKey' | 'secretKey' | 'publishKey' | 'origin' | 'ssl' | 'fetch'
    >();
  });
});

describe('sendFile params', () => {
  it('require fileName unless the file is a File, the one input that carries a name', () =>
    typeOnly(() => {
      void pubnub.sendFile({ channel: 'c', file: new File(['x'], 'photo.png') });
      void pubnub.sendFile({ channel: 'c', file: new File(['x'], 'photo.png'), fileName: 'other.png' });
      void pubnub.sendFile({ channel: 'c', file: new Uint8Array(1), fileName: 'a.bin' });
      // @ts-expect-error bytes carry no name
      void pubnub.sendFile({ channel: 'c', file: new Uint8Array(1) });
      // @ts-expect-error nor does a Blob
      void pubnub.sendFile({ channel: 'c', file: new Blob(['x']) });
      // @ts-expect-error nor a string
      void pubnub.sendFile({ channel: 'c', file: 'text' });
      // @ts-expect-error nor a stream
      void pubnub.sendFile({ channel: 'c', file: new Blob([]).stream() });
    }));
});

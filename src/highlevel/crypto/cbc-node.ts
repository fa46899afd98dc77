// AES-256-CBC on node:crypto's streaming cipher: the backend of `#aes-cbc` under the `node` export condition (Node,
// Bun, Deno). Unlike WebCrypto it encrypts in place of one pass, without a round trip to a thread pool per call, and
// decrypts a download piece by piece as it arrives. node:crypto is looked up on first use, not at import, so loading
// the package does not load it (process.getBuiltinModule, Node >= 20.16); a runtime without it gets WebCrypto.
import type * as NodeCrypto from 'node:crypto';
import {
  checkCiphertextLength,
  platformRefused,
  unpaddedLength,
  type AesCbc,
  type AesKey,
  type CbcDecipher,
} from './backend.ts';
import { createFileDecryptor } from './file-decryptor.ts';
import { aesCbc as webCrypto } from './cbc.ts';

// Bounds the transient output of each cipher call (node:crypto returns a new buffer per call) without many calls.
const STEP = 256 * 1024;

interface NodeKey extends AesKey {
  aesKeyOf: 'node';
  bytes: Uint8Array;
}

let nodeCrypto: typeof NodeCrypto | null | undefined;
function loadNodeCrypto(): typeof NodeCrypto | null {
  if (nodeCrypto === undefined) {
    const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    try {
      nodeCrypto = (process?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined) ?? null;
    } catch {
      nodeCrypto = null;
    }
  }
  return nodeCrypto;
}

/** Without padding: every block is decrypted as it comes, and the caller checks and drops the padding at the end. */
function createDecipher(key: NodeKey, iv: Uint8Array): NodeCrypto.Decipher {
  try {
    return loadNodeCrypto()!.createDecipheriv('aes-256-cbc', key.bytes, iv).setAutoPadding(false);
  } catch (cause) {
    throw platformRefused(cause, 'PNDecryptOperation');
  }
}

function nodeDecipher(key: AesKey, iv: Uint8Array): CbcDecipher {
  const decipher = createDecipher(key as NodeKey, iv);
  return { update: (ciphertext) => decipher.update(ciphertext), unpaddedLength };
}

function isNodeKey(key: AesKey): key is NodeKey {
  return key.aesKeyOf === 'node';
}

export const aesCbc: AesCbc = {
  async importKey(raw) {
    if (loadNodeCrypto() === null) return webCrypto.importKey(raw);
    return { aesKeyOf: 'node', bytes: raw } satisfies NodeKey;
  },

  async encryptInto(key, iv, plaintext, target) {
    if (!isNodeKey(key)) return webCrypto.encryptInto(key, iv, plaintext, target);
    let cipher: NodeCrypto.Cipher;
    try {
      cipher = loadNodeCrypto()!.createCipheriv('aes-256-cbc', key.bytes, iv);
    } catch (cause) {
      throw platformRefused(cause);
    }
    let written = 0;
    for (let at = 0; at < plaintext.length; at += STEP) {
      const out = cipher.update(plaintext.subarray(at, at + STEP));
      target.set(out, written);
      written += out.length;
    }
    target.set(cipher.final(), written);
  },

  async decrypt(key, iv, ciphertext) {
    if (!isNodeKey(key)) return webCrypto.decrypt(key, iv, ciphertext);
    checkCiphertextLength(ciphertext.length);
    // One call, padding checked here: node:crypto then returns every block at once, and the plaintext is a view of
    // that one buffer (no second buffer to join the last block to the rest).
    const decipher = createDecipher(key, iv);
    const blocks = decipher.update(ciphertext);
    // A buffer of its own on Node; a runtime handing out a slice of a shared pool gets a copy, not a view into it.
    const own = blocks.byteOffset === 0 && blocks.buffer.byteLength === blocks.length;
    const plain = own ? new Uint8Array(blocks.buffer, 0, blocks.length) : new Uint8Array(blocks);
    return plain.subarray(0, unpaddedLength(plain, plain.length)) as Uint8Array<ArrayBuffer>;
  },

  fileDecryptor(keys, expectedSize, decryptWhole) {
    if (!isNodeKey(keys.acrh)) return undefined;
    return createFileDecryptor(keys, expectedSize, nodeDecipher, decryptWhole);
  },
};

// The encryption vectors of docs/protocol.md A4, verified against the official SDKs. Shared by unit and interop tests.
import { base64ToBytes } from '../../src/lowlevel/platform.ts';

export interface MessageVector {
  id: number;
  cipherKey: string;
  scheme: 'legacy-static' | 'legacy-random' | 'acrh';
  base64: string;
  plaintext: string;
}

export const MESSAGE_VECTORS: readonly MessageVector[] = [
  { id: 1, cipherKey: 'testKey', scheme: 'legacy-static', base64: 'QfD1NCBJCmt1aPPGU2cshw==', plaintext: '"hey-0"' },
  {
    id: 2,
    cipherKey: 'myCipherKey',
    scheme: 'acrh',
    base64: 'UE5FRAFBQ1JIEKzlyoyC/jB1hrjCPY7zm+X2f7skPd0LBocV74cRYdrkRQ2BPKeA22gX/98pMqvcZtFB6TCGp3Zf1M8F730nlfk=',
    plaintext: 'Hello world encrypted with aesCbcModule',
  },
  {
    id: 3,
    cipherKey: 'myCipherKey',
    scheme: 'legacy-random',
    base64: 'T3J9iXI87PG9YY/lhuwmGRZsJgA5y8sFLtUpdFmNgrU1IAitgAkVok6YP7lacBiVhBJSJw39lXCHOLxl2d98Bg==',
    plaintext: 'Hello world encrypted with legacyModuleRandomIv',
  },
  {
    id: 4,
    cipherKey: 'myCipherKey',
    scheme: 'legacy-static',
    base64: 'OtYBNABjeAZ9X4A91FQLFBo4th8et/pIAsiafUSw2+L8iWqJlte8x/eCL5cyjzQa',
    plaintext: 'Hello world encrypted with legacyModuleStaticIv',
  },
  {
    id: 5,
    cipherKey: 'myCipherKey',
    scheme: 'acrh',
    base64: 'UE5FRAFBQ1JIEAAAAAAAAAAAAAAAAAAAAABbjKTFb0xLzByXntZkq2G7lHIGg5ZdQd73GwVG6o3ftw==',
    plaintext: 'We are the knights who say NI!',
  },
  {
    id: 6,
    cipherKey: 'testKey',
    scheme: 'legacy-random',
    base64:
      'a25pZ2h0c29mbmkxMjM0NRV4jkZbYJKJpBh/fy8gkkKwgHzJoLg/KPi4WjFBAQgYCqObP0j7BPevaNiSqFIQ/yk0+YCdZpjyci2AeutbmGRudJBMlaZQEU10pZMiCDGZz1dIrZYjMhyDDpUJUo0wtYy91qz8QGtR/JCbXpE/4/QqsjYEnJ64Y9q7G+/tAWQD',
    plaintext:
      '{"message": {"test_message": "test"}, "file": {"id": "b32db05b-b3e6-4530-8b9b-bb01494f8eae", "name": "king_arthur.txt"}}',
  },
  {
    id: 7,
    cipherKey: 'testKey',
    scheme: 'acrh',
    base64:
      'UE5FRAFBQ1JIEGtuaWdodHNvZm5pMTIzNDUzb9HtSqoDwh8VuvEFHXdp2pEQO435VM5pxFimVVfz8WVzyvqG87wN1TaEFSLlzch0hdmzMt1Mo4a1jNJt9BK0',
    plaintext: '{"file":{"name":"k.txt","id":"file-id-1"},"message":"caption"}',
  },
];

export const FILE_PLAINTEXT = 'Knights who say Ni!';
export const FILE_KEY = 'testKey';
export const FILE_IV = 'knightsofni12345';
export const LEGACY_FILE_HEX =
  '6b6e69676874736f666e693132333435ddd61ef6e8496187a310f1023fd0056787c5ad9392ab5d8e24fd8723fcd10226';
export const ACRH_FILE_HEX =
  '504e45440141435248106b6e69676874736f666e693132333435604ce386a68976125fe5e6905b6d74d83eda2b9670540c7a4d7cf315ee47b635';

/** The largest stored object the service accepts: the spec's limit, generated into src/generated/spec-facts.ts. */
export { MAX_STORED_FILE_BYTES as STORAGE_LIMIT } from '../../src/generated/spec-facts.ts';

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function decodeVector(base64: string): Uint8Array {
  const bytes = base64ToBytes(base64);
  if (!bytes) throw new Error(`not base64: ${base64}`);
  return bytes;
}

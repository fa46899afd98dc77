// Package root: the high-level SDK. The typed low-level client lives at `pubnub-files/lowlevel`.
export { PubNubError, isPubNubError } from './highlevel/errors.ts';
export type { Status, StatusCategory, Operation } from './highlevel/errors.ts';
export { CryptoModule } from './highlevel/crypto/index.ts';
export type { AesCbcCryptoModuleOptions, LegacyCryptoModuleOptions } from './highlevel/crypto/index.ts';

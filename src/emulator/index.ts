/** `pubnub-files/emulator`: a local PubNub-compatible file service for development and integration tests. */
export { startEmulator, type RunningEmulator } from './server.ts';
export type { EmulatorOptions } from './options.ts';
export type { ArmedFault, FaultSpec } from './faults.ts';

// The keyset and user of the SDK tests that talk to a fake service (test/support/sdk-fake-service.ts). Made-up keys:
// no test ever reaches a real PubNub service.
export const KEYS = { subscribeKey: 'sub-c-test', publishKey: 'pub-c-test', userId: 'user-1' } as const;

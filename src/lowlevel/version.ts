// The one place the SDK's version lives in code; a unit test keeps it equal to package.json's.
export const SDK_VERSION = '0.1.0';

/** Default `pnsdk` value, in PubNub's `Name-Language/Version` form. */
export const DEFAULT_PNSDK = `PubNubFiles-TS/${SDK_VERSION}`;

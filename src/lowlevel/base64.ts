// Base64 on plain Uint8Array over the platform's btoa/atob (every supported runtime has them), so no code path needs
// Node's Buffer (PROTOCOL.md B8).

/** Standard base64 with `=` padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: spreading a large array into one call overflows the argument limit (65,536 in JavaScriptCore).
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** URL-safe base64 without padding (RFC 4648 §5), as used by PubNub v2 signatures. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '');
}

/**
 * Decodes standard or URL-safe base64, padded or not. Returns `undefined` for text that is not base64,
 * so callers can raise the error that fits their context.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const digits = text.replace(/=+$/, '');
  // atob would skip whitespace and throws for a length that leaves a lone 6-bit digit: both are not base64 here.
  if (!/^[\w+/-]*$/.test(digits) || digits.length % 4 === 1) return undefined;
  const binary = atob(digits.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

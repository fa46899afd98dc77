/** Date formats of S3 presigned requests. */

/** `20241211T134335Z` (X-Amz-Date). */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** `2024-12-11T13:44:35Z` (policy `expiration`, `expiration_date`, listing `created`). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses `20241211T134335Z` back to epoch milliseconds, or undefined. */
export function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

export function credentialScope(accessKey: string, ms: number): string {
  return `${accessKey}/${amzDate(ms).slice(0, 8)}/us-east-1/s3/aws4_request`;
}

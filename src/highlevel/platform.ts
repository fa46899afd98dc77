// Runtime differences the operations depend on, each decided here from what the runtime says about itself.

/**
 * Whether an upload can go out as a stream that keeps its Content-Length, so its progress counts the bytes handed to
 * the network. Storage is S3's POST upload, which needs the length up front (it refuses a chunked body), so a stream
 * is used only where fetch sends it with the length given: Node (20 has no `navigator`; later versions say
 * "Node.js/…") and Bun. Not Deno (it sends any stream chunked and drops the length), nor browsers (Chromium streams a
 * request body over HTTP/2 only, Firefox and Safari not at all), nor workerd.
 */
export function streamsUploads(): boolean {
  const agent = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
  if (typeof agent === 'string') return /^(Node\.js|Bun)\//.test(agent);
  return typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';
}

/** The storage object's Content-Type, guessed from the file name the way the real service fills the form field. */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  zip: 'application/zip',
};

export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const extension = dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
  return BY_EXTENSION[extension] ?? 'application/octet-stream';
}

/**
 * Stored files are served with the Content-Type their uploader chose, from the emulator's own origin (the storage
 * download and the dashboard's link): `sandbox` runs an HTML or SVG file without script, in an origin of its own, so
 * it can never act on the dashboard or its admin API; `nosniff` keeps browsers from reading other types as script.
 */
export const STORED_FILE_HEADERS = { 'Content-Security-Policy': 'sandbox', 'X-Content-Type-Options': 'nosniff' };

import { requirePathSegment, validationError } from '../validation.ts';

/** A non-empty list of non-empty channel names, checked before anything is sent. */
export function checkChannels(channels: unknown): string[] {
  if (!Array.isArray(channels) || channels.length === 0) {
    throw validationError('PNSubscribeOperation', 'Missing channels: expected a non-empty array of channel names.');
  }
  for (const channel of channels) {
    if (typeof channel !== 'string' || channel === '') {
      throw validationError('PNSubscribeOperation', 'Invalid channels: every channel must be a non-empty string.');
    }
    requirePathSegment('PNSubscribeOperation', 'channel', channel);
  }
  return channels as string[];
}

import { requirePathSegment } from '../validation.ts';
import { PubNubError } from '../errors.ts';

/** A copy of a non-empty list of channel names, each checked like any channel, before anything is sent. */
export function checkChannels(channels: unknown): string[] {
  if (!Array.isArray(channels) || channels.length === 0) {
    throw PubNubError.validation(
      'PNSubscribeOperation',
      'Missing channels: expected a non-empty array of channel names.',
    );
  }
  return channels.map((channel: unknown) => requirePathSegment('PNSubscribeOperation', 'channel', channel));
}

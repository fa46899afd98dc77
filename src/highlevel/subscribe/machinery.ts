// What `on-demand.ts` imports the first time a subscription or a fileEvents iterator is wanted: one chunk for both.
export { fileEvents } from './file-events.ts';
export { Subscription } from './subscription.ts';

// End-to-end encryption: the file and its message are encrypted before they leave Alice, stored encrypted, and
// decrypted by Bob, who holds the same cipher key. Without the key the stored bytes are ciphertext.
//   npx tsx examples/encrypted-exchange.ts
import { CryptoModule, PubNub } from 'pubnub-files';
import { connection } from './connection.ts';

const channel = `vault-${crypto.randomUUID()}`;
const cryptoModule = CryptoModule.aesCbcCryptoModule({ cipherKey: 'a secret both sides know' });
const alice = new PubNub({ ...connection('alice'), cryptoModule });
const bob = new PubNub({ ...connection('bob'), cryptoModule });
const eve = new PubNub(connection('eve')); // no key

const plan = new TextEncoder().encode('Meet at the bridge at dawn.');
const sent = await alice.sendFile({ channel, fileName: 'plan.txt', file: plan, message: 'for your eyes only' });

const forBob = await bob.downloadFile({ channel, fileId: sent.fileId, fileName: sent.name });
console.log(`bob reads: ${new TextDecoder().decode(forBob.data)}`);

const forEve = await eve.downloadFile({ channel, fileId: sent.fileId, fileName: sent.name });
const header = new TextDecoder().decode(forEve.data.subarray(0, 4));
console.log(`eve gets ${forEve.data.length} bytes starting with ${header}, not the plan`);

await alice.deleteFile({ channel, fileId: sent.fileId, fileName: sent.name });

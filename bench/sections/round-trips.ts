// Rows 1 and 2: sendFile and downloadFile against the emulator, plain and AES-CBC encrypted, at three sizes.
import type { EmulatorProcess } from '../lib/emulator-process.ts';
import { floorClient, floorDelete, type FloorClient } from '../lib/floor.ts';
import { alternate, type Contender } from '../lib/measure.ts';
import { formatSize, randomPayload, type Plan } from '../lib/plan.ts';
import { makeRow, type Row } from '../lib/report.ts';
import { officialClient, ourClient, type FileRef, type SdkClient } from '../lib/sdks.ts';

const CHANNEL = 'bench-round-trips';
const ROUND_TRIP_GOAL = { maxRatio: 1.2, text: 'ours ≤ 1.2× floor' };

export async function roundTripRows(emulator: EmulatorProcess, plan: Plan): Promise<Row[]> {
  const rows: Row[] = [];
  for (const encrypted of [false, true]) {
    const mode = encrypted ? 'encrypted' : 'plain';
    const clients = {
      ours: ourClient(emulator.origin, encrypted),
      official: officialClient(emulator.origin, encrypted),
      floor: floorClient(emulator.url, encrypted),
    };
    try {
      for (const size of plan.sizes) {
        const bytes = randomPayload(encrypted ? size.encrypted : size.plain);
        const label = `${mode} ${formatSize(bytes.length)}`;
        rows.push(
          await sendRow(emulator, clients, bytes, `send/${mode}/${size.id}`, label, plan.warmup, size.repetitions),
        );
        rows.push(
          await downloadRow(clients, bytes, `download/${mode}/${size.id}`, label, plan.warmup, size.repetitions),
        );
      }
    } finally {
      clients.ours.destroy();
      clients.official.destroy();
    }
  }
  // Sends first, then downloads, like the issue lists them.
  return [...rows.filter((row) => row.id.startsWith('send/')), ...rows.filter((row) => row.id.startsWith('download/'))];
}

interface Clients {
  ours: SdkClient;
  official: SdkClient;
  floor: FloorClient;
}

async function sendRow(
  emulator: EmulatorProcess,
  clients: Clients,
  bytes: Uint8Array,
  id: string,
  label: string,
  warmup: number,
  repetitions: number,
): Promise<Row> {
  const name = 'bench.bin';
  const values = await alternate(
    {
      ours: () => clients.ours.sendFile(CHANNEL, name, bytes),
      official: () => clients.official.sendFile(CHANNEL, name, bytes),
      floor: () => clients.floor.sendFile(CHANNEL, name, bytes),
    },
    {
      repetitions,
      warmup,
      // Each sent file is deleted (untimed) so the emulator's memory stays flat over hundreds of sends.
      after: async (_: Contender, sent) => {
        const { id: fileId, name: stored } = sent as FileRef;
        await floorDelete(emulator.url, CHANNEL, fileId, stored);
      },
    },
  );
  return makeRow({
    id,
    section: 'sendFile',
    label,
    unit: 'ms',
    values,
    bytes: bytes.length,
    floorGoal: ROUND_TRIP_GOAL,
  });
}

async function downloadRow(
  clients: Clients,
  bytes: Uint8Array,
  id: string,
  label: string,
  warmup: number,
  repetitions: number,
): Promise<Row> {
  // One stored file (the floor's, in the same format every contender reads), downloaded over and over.
  const stored = await clients.floor.sendFile(CHANNEL, 'download.bin', bytes);
  const download = (client: SdkClient | FloorClient) => () => client.downloadFile(CHANNEL, stored.id, stored.name);
  const values = await alternate(
    { ours: download(clients.ours), official: download(clients.official), floor: download(clients.floor) },
    {
      repetitions,
      warmup,
      after: async (contender, received) => {
        if (!sameBytes(received as Uint8Array, bytes))
          throw new Error(`${id}: ${contender} downloaded different bytes`);
      },
    },
  );
  return makeRow({
    id,
    section: 'downloadFile',
    label,
    unit: 'ms',
    values,
    bytes: bytes.length,
    floorGoal: ROUND_TRIP_GOAL,
  });
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

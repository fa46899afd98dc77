// Row 4: walking every page of a channel holding 1,000 files, 100 to a page.
import type { EmulatorProcess } from '../lib/emulator-process.ts';
import { alternate } from '../lib/measure.ts';
import type { Plan } from '../lib/plan.ts';
import { makeRow, type Row } from '../lib/report.ts';
import { officialClient, ourClient } from '../lib/sdks.ts';

const CHANNEL = 'bench-list';
const SEEDING_CONCURRENCY = 8;

/** Stores `count` tiny files: generate + upload only (listing needs no file message), several at a time. */
async function seed(emulator: EmulatorProcess, count: number): Promise<void> {
  const { url } = emulator;
  const common = 'uuid=bench-seeder';
  let started = 0;
  const worker = async () => {
    while (started < count) {
      const index = started++;
      const generated = await fetch(`${url}/v1/files/sub-c-bench/channels/${CHANNEL}/generate-upload-url?${common}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `file-${index}.txt` }),
      });
      const { file_upload_request: upload } = (await generated.json()) as {
        file_upload_request: { url: string; form_fields: Array<{ key: string; value: string }> };
      };
      const form = new FormData();
      for (const field of upload.form_fields) form.append(field.key, field.value);
      form.append('file', new Blob([`file ${index}`]), `file-${index}.txt`);
      const uploaded = await fetch(upload.url, { method: 'POST', body: form });
      await uploaded.arrayBuffer();
      if (uploaded.status !== 204) throw new Error(`seeding file ${index}: storage answered ${uploaded.status}`);
    }
  };
  await Promise.all(Array.from({ length: SEEDING_CONCURRENCY }, worker));
}

export async function listRows(emulator: EmulatorProcess, plan: Plan): Promise<Row[]> {
  const { files, pageSize } = plan.list;
  await seed(emulator, files);
  const ours = ourClient(emulator.origin, false);
  const official = officialClient(emulator.origin, false);
  try {
    const values = await alternate(
      { ours: () => ours.listAll(CHANNEL, pageSize), official: () => official.listAll(CHANNEL, pageSize) },
      {
        repetitions: plan.list.repetitions,
        warmup: plan.warmup,
        after: async (contender, seen) => {
          if (seen !== files) throw new Error(`listing: ${contender} saw ${String(seen)} files, ${files} were stored`);
        },
      },
    );
    const label = `${files.toLocaleString('en-US')} files, pages of ${pageSize}`;
    return [makeRow({ id: 'list/all-pages', section: 'listFiles', label, unit: 'ms', values })];
  } finally {
    ours.destroy();
    official.destroy();
  }
}

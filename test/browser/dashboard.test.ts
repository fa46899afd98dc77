// The dashboard in headless Chromium against a running emulator: files sent with the SDK show up live, the download
// link returns their bytes, the delete button removes them, and an uploaded HTML or SVG file opened from the
// dashboard cannot run script against the dashboard or its admin API.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import type { PubNub } from '../../src/index.ts';
import { digest, patternBytes, startTestEmulator, SUB_KEY } from '../support/emulator-harness.ts';
import { sdkFor } from '../support/sdk-emulator.ts';
import { launchChromium } from '../support/chromium.ts';

/** How long after `sendFile` resolves the file must be on the page: the promise is "within a second", with slack for a loaded machine. */
const LIVE_WITHIN_MS = 2_000;

let browser: Browser;
let emulator: RunningEmulator;
let pubnub: PubNub;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  emulator = await startTestEmulator();
  pubnub = sdkFor(emulator, { subscribeKey: SUB_KEY });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${emulator.url}/_emulator/`);
  await page.waitForSelector('body[data-live="yes"]', { timeout: 20_000 });
});
afterEach(async () => {
  await page?.context().close();
  await emulator.close();
});

const HOSTILE_SCRIPT = `
  window.ran = true;
  fetch('/_emulator/faults', {
    method: 'POST',
    headers: { 'X-Emulator-Admin': '1', 'Content-Type': 'application/json' },
    body: JSON.stringify({ operation: 'listFiles', status: 500, times: 99 }),
  });
  fetch('/_emulator/files/' + (location.search.slice(1) || 'x'), { method: 'DELETE', headers: { 'X-Emulator-Admin': '1' } });
`;

async function armedFaults(): Promise<unknown[]> {
  return ((await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as { faults: unknown[] }).faults;
}

it(
  'a sent file appears live, its download link returns its bytes, and its delete button removes it',
  { timeout: 90_000 },
  async () => {
    const bytes = patternBytes(3000);
    const sent = await pubnub.sendFile({
      channel: 'dashboard room',
      fileName: 'report 1.bin',
      file: bytes,
      message: { note: 'hi' },
    });
    const row = page.locator(`tr[data-file-id="${sent.fileId}"]`);
    await row.waitFor({ timeout: LIVE_WITHIN_MS });
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe(sent.fileId);
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('2.9 KiB');
    await expect(page.locator('.channel[data-channel="dashboard room"] h3').textContent()).resolves.toContain(SUB_KEY);
    // The file event, live too.
    await page.locator(`li[data-event-file-id="${sent.fileId}"]`).waitFor({ timeout: LIVE_WITHIN_MS });
    await expect(page.locator(`li[data-event-file-id="${sent.fileId}"]`).textContent()).resolves.toContain(
      '{"note":"hi"}',
    );
    // The request log names the calls, without their secrets.
    await page
      .locator('#request-table tbody tr', { hasText: '/publish-file/' })
      .first()
      .waitFor({ timeout: LIVE_WITHIN_MS });

    const link = row.locator('a.download');
    await expect(link.textContent()).resolves.toBe('report 1.bin');
    const href = await link.getAttribute('href');
    const download = await fetch(new URL(href ?? '', emulator.url));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-security-policy')).toBe('sandbox');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(digest(new Uint8Array(await download.arrayBuffer()))).toBe(digest(bytes));

    await row.locator('button.delete').click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await pubnub.listFiles({ channel: 'dashboard room' })).data).toEqual([]);
    await page.locator('#no-files').waitFor({ state: 'visible', timeout: 10_000 });
  },
);

it('shows armed faults as they are armed and used, and its button clears them', { timeout: 90_000 }, async () => {
  emulator.faults.arm({ operation: 'listFiles', status: 500, times: 2 });
  const fault = page.locator('#fault-table tr[data-fault-operation="listFiles"]');
  await fault.waitFor({ timeout: 10_000 });
  await expect(fault.locator('td').nth(4).textContent()).resolves.toBe('2');
  await pubnub.listFiles({ channel: 'x' }).catch(() => undefined);
  await page.waitForFunction(
    () => document.querySelector('#fault-table tr[data-fault-operation="listFiles"]') === null,
    undefined,
    { timeout: 10_000 },
  );

  emulator.faults.arm({ operation: 'uploadFile', status: 503, times: 3 });
  await page.locator('#fault-table tr[data-fault-operation="uploadFile"]').waitFor({ timeout: 10_000 });
  await page.locator('#clear-faults').click();
  await page.locator('#no-faults').waitFor({ state: 'visible', timeout: 10_000 });
  expect(emulator.faults.list()).toEqual([]);
});

it(
  'an uploaded HTML or SVG file opened from the dashboard cannot run script against the dashboard or its admin API',
  { timeout: 90_000 },
  async () => {
    const keep = await pubnub.sendFile({ channel: 'hostile', fileName: 'keep.txt', file: 'must survive' });
    const html = `<!doctype html><title>hostile</title><script>${HOSTILE_SCRIPT}</script><p>hello</p>`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>${HOSTILE_SCRIPT}</script></svg>`;
    const sentHtml = await pubnub.sendFile({ channel: 'hostile', fileName: 'page.html', file: html });
    const sentSvg = await pubnub.sendFile({ channel: 'hostile', fileName: 'image.svg', file: svg });

    for (const sent of [sentHtml, sentSvg]) {
      const link = page.locator(`tr[data-file-id="${sent.fileId}"] a.download`);
      await link.waitFor({ timeout: 10_000 });
      const [opened] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
      await opened.waitForLoadState('load');
      // The file is there, rendered as its type says, and its script never ran.
      expect(new URL(opened.url()).pathname).toContain(sent.fileId);
      expect(await opened.evaluate(() => (window as unknown as { ran?: boolean }).ran)).toBeUndefined();
      // Even script that did run would be in an opaque origin: the dashboard's origin is not its own.
      expect(await opened.evaluate(() => window.origin)).toBe('null');
      await opened.close();
    }
    // The same file through the SDK's own download URL (the storage path) is sandboxed as well.
    const viaStorage = await page.context().newPage();
    await viaStorage.goto(await storageUrl(sentHtml.fileId, 'page.html'));
    expect(await viaStorage.evaluate(() => (window as unknown as { ran?: boolean }).ran)).toBeUndefined();
    await viaStorage.close();

    expect(await armedFaults()).toEqual([]);
    expect((await pubnub.listFiles({ channel: 'hostile' })).data.map((f) => f.id)).toContain(keep.fileId);
  },
);

it('a page of another origin cannot use the admin API, even with the header', { timeout: 90_000 }, async () => {
  const other = await serveBlankPage();
  try {
    const foreign = await page.context().newPage();
    await foreign.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    const outcome = await foreign.evaluate(async (url) => {
      try {
        const response = await fetch(`${url}/_emulator/faults`, {
          method: 'POST',
          headers: { 'X-Emulator-Admin': '1', 'Content-Type': 'application/json' },
          body: JSON.stringify({ operation: 'listFiles', status: 500 }),
        });
        return `answered ${response.status}`;
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    }, emulator.url);
    expect(outcome).toMatch(/^refused/);
    // A simple (no-preflight) request gets through the browser but lacks the header, and is refused by the emulator.
    await foreign.evaluate(async (url) => {
      await fetch(`${url}/_emulator/faults`, {
        method: 'POST',
        mode: 'no-cors',
        body: '{"operation":"listFiles","status":500}',
      }).catch(() => undefined);
    }, emulator.url);
    expect(await armedFaults()).toEqual([]);
  } finally {
    other.close();
  }
});

it('takes a screenshot of a busy dashboard', { timeout: 90_000 }, async () => {
  await pubnub.sendFile({
    channel: 'team-chat',
    fileName: 'meeting-notes.txt',
    file: 'Agenda: files',
    message: 'notes from today',
  });
  await pubnub.sendFile({ channel: 'team-chat', fileName: 'diagram.png', file: patternBytes(48_000) });
  await pubnub.sendFile({ channel: 'support', fileName: 'invoice 2026-12.pdf', file: patternBytes(120_000) });
  emulator.faults.arm({ operation: 'publishFileMessage', status: 500, times: 5 });
  emulator.faults.arm({ operation: 'downloadFile', delayMs: 2000 });
  await page.locator('#fault-table tr[data-fault-operation="downloadFile"]').waitFor({ timeout: 10_000 });
  await page.locator('.channel[data-channel="support"]').waitFor({ timeout: 10_000 });
  const dir = await mkdtemp(join(tmpdir(), 'pubnub-dashboard-'));
  try {
    // DASHBOARD_SCREENSHOT=docs/dashboard.png refreshes the README's picture.
    const path = process.env['DASHBOARD_SCREENSHOT'] ?? join(dir, 'dashboard.png');
    await page.screenshot({ path, fullPage: true });
    const png = await readFile(path);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(10_000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function storageUrl(fileId: string, fileName: string): Promise<string> {
  const { fileUrl } = await pubnub.getFileUrl({ channel: 'hostile', fileId, fileName });
  const answer = await fetch(fileUrl, { redirect: 'manual' });
  return answer.headers.get('location') ?? '';
}

async function serveBlankPage(): Promise<Server> {
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>other</title>'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

// Headless Chromium for the tests that drive a page (runtimes, examples): Debian's build, never a downloaded
// browser, started with what it needs to run here with nothing reaching out on its own; and a loopback file server
// for the pages it opens.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ensureChromium } from '../runtimes/setup.ts';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Debian's chromium, installed with apt-get first when it is missing (as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript' };

/** What a request path serves: inline HTML, a file on disk, or nothing (404). */
export type Served = { html: string } | { file: string } | undefined;

/** Serves on 127.0.0.1 (a free port) what `resolve` gives for each path; `/favicon.ico` is an empty 204. */
export async function servePages(resolve: (path: string) => Served): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://page').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const served = resolve(path);
    if (served === undefined) {
      res.writeHead(404).end();
    } else if ('html' in served) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(served.html);
    } else {
      readFile(served.file).then(
        (body) =>
          res.writeHead(200, { 'Content-Type': TYPES[extname(served.file)] ?? 'application/octet-stream' }).end(body),
        () => res.writeHead(404).end(),
      );
    }
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

import * as fs from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's chromium, headless, with nothing that phones home (the tests run offline). */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`the page tests drive ${executablePath}: install it (apt-get install -y chromium poppler-utils) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

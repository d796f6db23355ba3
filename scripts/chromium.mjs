// Where the system Chromium lives and how to start it on this closed network.
// Playwright's own browser download is never used: Debian's chromium package is.
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean);

export function chromiumPath() {
  return candidates.find((p) => existsSync(p)) ?? '/usr/bin/chromium';
}

export function hasChromium() {
  return candidates.some((p) => existsSync(p));
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

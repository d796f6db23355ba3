// Finds the system Chromium, installs it with apt-get when it is missing and we are root,
// and says clearly what to do when neither works.
import { execSync } from 'node:child_process';
import { hasChromium, chromiumPath } from './chromium.mjs';

if (hasChromium()) {
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot) {
  console.log('Chromium not found: installing the Debian package "chromium" with apt-get …');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
  } catch {
    // fall through to the message below
  }
}
if (!hasChromium()) {
  console.error(
    'The browser tests need Chromium and none was found (looked for $CHROMIUM_PATH, /usr/bin/chromium).\n' +
      'Install it with: sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium binary).',
  );
  process.exit(1);
}
console.log(`Chromium: ${chromiumPath()}`);

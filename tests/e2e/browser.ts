import { chromium, type Browser } from 'playwright';
import { chromiumPath, chromiumArgs } from '../../scripts/chromium.mjs';

/** Starts the system Chromium headless, as the tests' own browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
}

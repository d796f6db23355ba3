// Draws the app icons (public/pwa-*.png) from the favicon's design with the system Chromium:
// no network, no image library. Run once after changing the design: node scripts/make-icons.mjs
import { chromium } from 'playwright';
import { chromiumPath, chromiumArgs } from './chromium.mjs';

// The favicon's three lines on the accent blue. `maskable` keeps the drawing inside the
// central 80 % safe zone and fills the whole square, as launchers crop it to any shape.
const svg = (size, maskable) => {
  const r = maskable ? 0 : size * 0.19;
  const s = maskable ? 0.6 : 1; // drawing scale around the centre
  const t = (v) => size / 2 + (v - 16) * (size / 32) * s;
  const w = 3 * (size / 32) * s;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<rect width="${size}" height="${size}" rx="${r}" fill="#1d4ed8"/>
<path d="M${t(8)} ${t(9)}H${t(24)}M${t(8)} ${t(16)}H${t(24)}M${t(8)} ${t(23)}H${t(18)}" stroke="#fff" stroke-width="${w}" stroke-linecap="round"/></svg>`;
};

const icons = [
  { file: 'public/pwa-192x192.png', size: 192, maskable: false },
  { file: 'public/pwa-512x512.png', size: 512, maskable: false },
  { file: 'public/maskable-icon-512x512.png', size: 512, maskable: true },
  { file: 'public/apple-touch-icon-180x180.png', size: 180, maskable: true },
];

const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg(icon.size, icon.maskable)}`);
    await page.locator('svg').screenshot({ path: icon.file, omitBackground: true });
    await page.close();
    console.log(icon.file);
  }
} finally {
  await browser.close();
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import type { PluginOption } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { VitePWA } from 'vite-plugin-pwa';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { chromiumPath, chromiumArgs } from './scripts/chromium.mjs';
import { handsontableLtrCss } from './scripts/handsontable-css.ts';

// One config: the app build, and the three Vitest projects (Node unit tests, in-page
// browser tests, end-to-end tests that drive the built app through Playwright).
// `vite build` makes the served app (with its offline service worker); `vite build --mode
// single` makes dist-single/jixiao.html, the whole app in one file that opens from disk.
export default defineConfig(({ mode }) => {
  const single = mode === 'single';
  return {
    plugins: [handsontableLtrCss(), svelte(), VitePWA(pwaOptions(single)), ...(single ? singleFilePlugins() : [])],
    base: './',
    publicDir: single ? false : 'public',
    build: { target: 'es2022', chunkSizeWarningLimit: 4000, ...(single ? { outDir: 'dist-single', emptyOutDir: true } : {}) },
    // From file:// (an opaque origin) Chromium refuses module workers, even from a blob: URL:
    // the single file's inlined worker is a classic one.
    worker: { format: single ? 'iife' : 'es' },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['tests/unit/**/*.test.ts'],
            environment: 'node',
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['tests/browser/**/*.test.ts'],
            browser: {
              enabled: true,
              headless: true,
              provider: playwright({
                launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
              }),
              instances: [{ browser: 'chromium' }],
              screenshotFailures: false,
            },
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            include: ['tests/e2e/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: false,
            globalSetup: ['tests/e2e/global-setup.ts'],
          },
        },
      ],
    },
  };
});

/**
 * The service worker precaches every file of the build (the import worker and the lazily
 * loaded export code included), so that after one visit the app opens, imports and exports
 * with the network off. 'prompt': a new version waits until the user takes it (the update
 * banner), so an open evaluation is never reloaded under the user's hands. The single-file
 * build has no service worker (file:// pages cannot have one); the plugin stays, disabled,
 * so that `virtual:pwa-register` resolves to a no-op there.
 */
function pwaOptions(single: boolean): Parameters<typeof VitePWA>[0] {
  return {
    disable: single,
    registerType: 'prompt',
    injectRegister: false,
    // The glob below already takes every icon: listing them again would only duplicate entries.
    includeManifestIcons: false,
    manifest: {
      name: '绩效评价工作台',
      short_name: '绩效评价',
      description: '预算绩效评价的私人工作台：指标体系、评分、导入导出，数据只保存在本机。',
      lang: 'zh-CN',
      start_url: './',
      scope: './',
      display: 'standalone',
      theme_color: '#1d4ed8',
      background_color: '#f5f6f7',
      icons: [
        { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
        { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
        { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png}'],
      // ExcelJS alone is about 0.9 MB and the main chunk more: Workbox's 2 MiB default would
      // silently leave the next big chunk out of the cache, and export would fail offline.
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      cleanupOutdatedCaches: true,
      // Offline, any address of the app (with a query, say) opens it; a file beside it on the
      // same server (a .pdf, .xlsx) is left to the network, not answered with the app.
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/\/[^/?#]+\.(?!html?(?:$|[?#]))[^/.?#]+(?:$|[?#])/],
    },
  };
}

/**
 * One self-contained jixiao.html: scripts and styles inlined, code splitting off, and no worker
 * started from a file, which a page opened from file:// may not do (SINGLE_FILE_SWAPS). The page's CSP allows scripts from 'self' only, which an inline
 * script is not, so the inlined scripts are allowed by their SHA-256 instead of loosening it.
 */
const CSP_PENDING = "'sha256-inline-scripts-pending'";

/** In the single file: the import and save workers inlined (classic workers from blob: URLs), the Word annex written in the page. */
const SINGLE_FILE_SWAPS: Record<string, string> = {
  'import-worker.ts': 'import-worker.inline.ts',
  'report-docx-start.ts': 'report-docx-start.single.ts',
  'save-worker-start.ts': 'save-worker-start.single.ts',
};

function singleFilePlugins(): PluginOption[] {
  const favicon = `data:image/svg+xml;base64,${readFileSync('public/favicon.svg').toString('base64')}`;
  return [
    {
      // The modules that start workers from files, swapped for the single file's own.
      name: 'jixiao:single-file-workers',
      enforce: 'pre',
      async resolveId(source, importer) {
        const swap = Object.entries(SINGLE_FILE_SWAPS).find(([from]) => source.endsWith(`/${from}`));
        if (!importer || !swap) return null;
        const resolved = await this.resolve(source, importer, { skipSelf: true });
        return resolved ? resolved.id.replace(new RegExp(`${swap[0].replace('.', '\\.')}$`), swap[1]) : null;
      },
    },
    {
      name: 'jixiao:single-favicon',
      // Beside a lone .html there is no favicon file and no touch icon to point at.
      transformIndexHtml: (html) => html.replace('href="./favicon.svg"', `href="${favicon}"`).replace(/\s*<link rel="apple-touch-icon"[^>]*>/, ''),
    },
    {
      // A placeholder the hashes replace once the scripts are inlined (jixiao:csp-hashes).
      name: 'jixiao:csp-placeholder',
      transformIndexHtml: (html) => {
        if (!html.includes("script-src 'self'")) throw new Error('single-file build: the CSP meta in index.html has no "script-src \'self\'" to allow the inlined scripts in');
        return html.replace("script-src 'self'", `script-src 'self' ${CSP_PENDING}`);
      },
    },
    viteSingleFile({ outputFileName: 'jixiao.html' }),
    {
      name: 'jixiao:csp-hashes',
      enforce: 'post',
      generateBundle: {
        order: 'post',
        handler(_options, bundle) {
          for (const asset of Object.values(bundle)) {
            if (asset.type !== 'asset' || !asset.fileName.endsWith('.html')) continue;
            const html = String(asset.source);
            const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
              .map((m) => m[1] ?? '')
              .filter((code) => code.trim() !== '')
              .map((code) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`);
            asset.source = html.replace(CSP_PENDING, hashes.join(' '));
          }
        },
      },
    },
  ];
}

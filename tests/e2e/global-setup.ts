import { spawn, execSync, type ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';

// Builds the app once and serves it with `vite preview`, as `npm start` does. Where several
// runs share one checkout (developers working side by side), JIXIAO_E2E_OUT and
// JIXIAO_E2E_PORT give each its own build folder and port.
let server: ChildProcess | undefined;
const PORT = Number(process.env.JIXIAO_E2E_PORT ?? 4179);
const OUT = process.env.JIXIAO_E2E_OUT ?? 'dist';

export default async function setup(project: TestProject) {
  execSync(`npx vite build --logLevel error --outDir ${JSON.stringify(OUT)} --emptyOutDir`, { stdio: 'inherit' });
  server = spawn('npx', ['vite', 'preview', '--outDir', OUT, '--port', String(PORT), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${PORT}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('vite preview did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide('appUrl', url);
  return () => {
    if (server?.pid) {
      try {
        process.kill(-server.pid);
      } catch {
        // already gone
      }
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

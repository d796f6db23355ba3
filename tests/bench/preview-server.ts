// The browser benches' one way to serve a built folder: `vite preview` on a port of its own,
// refusing a port something else already answers on (that would be measured instead of this
// build), and waiting for it as long as a busy 2-core machine needs.
import { spawn, type ChildProcess } from 'node:child_process';

export async function startPreview(root: string, outDir: string, port: number): Promise<ChildProcess> {
  const url = `http://127.0.0.1:${port}/`;
  const taken = await fetch(url).then(() => true, () => false);
  if (taken) throw new Error(`port ${port} is in use: choose a free one (see the bench's *_PORT variable)`);
  const server = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--port', String(port), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
  let exited = false;
  server.on('exit', () => (exited = true));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`vite preview could not start on port ${port} (in use?)`);
    try {
      if ((await fetch(url)).ok) return server;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      stopPreview(server);
      throw new Error('vite preview did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function stopPreview(server: ChildProcess | undefined): void {
  if (!server?.pid) return;
  try {
    process.kill(-server.pid);
  } catch {
    // already gone
  }
}

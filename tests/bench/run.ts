// `npm run bench`: prints every benchmark's figures. Each area adds its own module.
const modules = ['./engine.ts', './io.ts', './restore.ts', './browser-edit.ts', './browser-load.ts', './browser-desk.ts'];
for (const m of modules) {
  try {
    const mod = (await import(m)) as { run?: () => Promise<void> | void };
    if (mod.run) await mod.run();
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes(m.slice(2))) {
      console.log(`(${m}: not written yet)`);
    } else {
      throw err;
    }
  }
}
export {};

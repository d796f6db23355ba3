/// <reference types="vite-plugin-pwa/vanillajs" />
/**
 * The offline service worker's side in the page: registers it and says when a new version
 * has been downloaded and waits (registerType 'prompt': never reloaded under the user's
 * hands). In the single-file build the register module is a no-op: nothing is ever announced.
 */
import { registerSW } from 'virtual:pwa-register';

/** How often an open page asks the server for a new version (besides each navigation). */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export class AppUpdate {
  /** A new version is installed and waits for 立即更新 (or for every tab of the app to close). */
  available = $state(false);
  #apply: ((reload?: boolean) => Promise<void>) | null = null;

  start(): void {
    if (this.#apply || !('serviceWorker' in navigator)) return;
    this.#apply = registerSW({
      // Registered on the window's load event: the precache download must not delay the page.
      immediate: false,
      onNeedRefresh: () => (this.available = true),
      onRegisteredSW: (_url, registration) => {
        if (!registration) return;
        setInterval(() => {
          // Offline, or the server is down: the next check will do.
          if (navigator.onLine) registration.update().catch(() => undefined);
        }, CHECK_EVERY_MS);
      },
      // A page that cannot register (private mode, a browser policy) still works online.
      onRegisterError: () => undefined,
    });
  }

  /** Activates the waiting version and reloads the page into it. */
  async apply(): Promise<void> {
    await this.#apply?.(true);
  }
}

export const appUpdate = new AppUpdate();

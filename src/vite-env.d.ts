/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Handsontable licence key; defaults to the non-commercial key. */
  readonly VITE_HANDSONTABLE_LICENSE_KEY?: string;
}

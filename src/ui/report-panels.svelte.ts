/**
 * Which of the workbench's read-only views is open: the 报告 view (report tables and chart) and
 * the print view. Printing always prints the print view: Ctrl+P opens it and then prints, and a
 * print started from the browser's menu opens it just before the page is laid out for paper.
 */
import { flushSync } from 'svelte';

export class ReportPanels {
  report = $state(false);
  print = $state(false);
  /** Set when the print view was opened only for one print (Ctrl+P, the browser menu): closed after it. */
  #transient = false;
  /** Whether PrintView should call window.print() once it is drawn. */
  printWhenReady = false;

  openReport(): void {
    this.report = true;
  }

  closeReport(): void {
    this.report = false;
  }

  openPrint(print = false): void {
    this.printWhenReady = print;
    this.print = true;
  }

  closePrint(): void {
    this.print = false;
    this.printWhenReady = false;
    this.#transient = false;
  }

  /** Ctrl+P and the browser's own print; returns the cleanup. */
  listen(): () => void {
    const onKeydown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'p') return;
      event.preventDefault();
      if (this.print) {
        window.print();
        return;
      }
      this.#transient = true;
      this.openPrint(true);
    };
    const onBeforePrint = () => {
      if (this.print) return;
      this.#transient = true;
      // The page is laid out for paper right after this handler: the view must be in the DOM now.
      flushSync(() => this.openPrint(false));
    };
    const onAfterPrint = () => {
      if (this.#transient) this.closePrint();
    };
    window.addEventListener('keydown', onKeydown, true);
    window.addEventListener('beforeprint', onBeforePrint);
    window.addEventListener('afterprint', onAfterPrint);
    return () => {
      window.removeEventListener('keydown', onKeydown, true);
      window.removeEventListener('beforeprint', onBeforePrint);
      window.removeEventListener('afterprint', onAfterPrint);
    };
  }
}

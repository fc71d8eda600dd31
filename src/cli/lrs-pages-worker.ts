// The LRS's pages fetched in a thread of their own, for `analyze --lrs` (started by src/cli/lrs-pages.ts).
// Node's fetch reads a response on the thread that asked for it, so on the CLI's thread the transfer of
// each page held up the parsing and checking of the one before. This thread fetches the pages and follows
// their `more` links (lrsPages: every check on the links and pages) and hands over each page's text; the
// CLI parses it again for its statements. It waits while `pagesAhead` pages are not taken yet.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LrsError, lrsPages, type LrsQuery } from '../lib/import/lrs-paging.ts';

/** Marks the CLI's job, so that this file does nothing in any other thread that imports it. */
export const PAGES_ROLE = 'lrs-pages';

/** What the CLI gives this thread (workerData). */
export interface PagesJob {
  role: typeof PAGES_ROLE;
  query: Omit<LrsQuery, 'fetch'>;
  /** Pages handed over and not yet taken, at most. */
  pagesAhead: number;
}

/** What this thread sends: a page's text, the end, or why it stopped (an LrsError's message is for the user). */
export type PageMessage = { page: string } | { done: true } | { error: { lrs: boolean; name: string; message: string; stack?: string } };

const job = workerData as PagesJob | null;
if (!isMainThread && parentPort && job?.role === PAGES_ROLE) {
  const port = parentPort;
  const send = (message: PageMessage) => port.postMessage(message);
  let untaken = 0;
  let taken: (() => void) | null = null;
  // Each message from the CLI says it took a page.
  port.on('message', () => {
    untaken--;
    taken?.();
    taken = null;
  });
  try {
    for await (const { text } of lrsPages(job.query)) {
      send({ page: text });
      untaken++;
      while (untaken >= job.pagesAhead) await new Promise<void>((resolve) => (taken = resolve));
    }
    send({ done: true });
  } catch (error) {
    const { name, message, stack } = error as Error;
    send({ error: { lrs: error instanceof LrsError, name, message, ...(stack ? { stack } : {}) } });
  }
}

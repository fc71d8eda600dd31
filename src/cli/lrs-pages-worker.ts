// The LRS's pages fetched in a thread of their own, for `analyze --lrs` (started by src/cli/lrs-pages.ts).
// Node's fetch reads a response on the thread that asked for it, so on the CLI's thread the transfer of
// each page held up the parsing and checking of the one before. This thread fetches the pages and follows
// their `more` links (lrsPages: every check on the links and pages) and hands over each page's text; the
// CLI parses it again for its statements. It waits while `pagesAhead` pages are not taken yet.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LrsError, lrsPages } from '../lib/import/lrs-paging.ts';
import { PAGES_ROLE, type PageMessage, type PagesJob } from './lrs-pages.ts';

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

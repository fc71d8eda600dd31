// The LRS's pages fetched in a thread of their own, for `analyze --lrs` (src/cli/analyze.ts). Node's fetch
// reads a response on the thread that asked for it, so on the CLI's thread the transfer of each page held
// up the parsing and checking of the one before. This thread fetches the pages and follows their `more`
// links (lrsPages: every check on the links and pages) and hands over each page's text; the CLI parses it
// again for its statements. At most PAGES_AHEAD pages wait to be taken: memory stays bounded by the page size.
import { parentPort, workerData } from 'node:worker_threads';
import { LrsError, lrsPages, type LrsQuery } from '../lib/import/lrs-client.ts';

/** What this thread sends: a page's text, the end, or why it stopped (an LrsError's message is for the user). */
export type PageMessage = { page: string } | { done: true } | { error: string; lrs: boolean };

/** Pages fetched and not yet taken by the CLI, at most. */
export const PAGES_AHEAD = 2;

if (parentPort) {
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
    for await (const { text } of lrsPages(workerData as LrsQuery)) {
      send({ page: text });
      untaken++;
      while (untaken >= PAGES_AHEAD) await new Promise<void>((resolve) => (taken = resolve));
    }
    send({ done: true });
  } catch (error) {
    send(error instanceof LrsError ? { error: error.message, lrs: true } : { error: (error as Error).stack ?? String(error), lrs: false });
  }
}

// The LRS's pages fetched in a thread of their own, for `analyze --lrs` (started by src/cli/lrs-pages.ts).
// Node's fetch reads a response on the thread that asked for it, so on the CLI's thread the transfer of
// each page held up the checking of the one before. This thread only fetches (pageFetcher: the
// credentials, redirects within the LRS's origin, the status, the size limit) and hands over each page's
// bytes, moved, not copied; the CLI's thread reads them (statementPages: every check on what a page says).
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LrsError, pageFetcher } from '../lib/import/lrs-paging.ts';
import { PAGES_ROLE, type PageMessage, type PageRequest, type PagesJob } from './lrs-pages.ts';

const job = workerData as PagesJob | null;
if (!isMainThread && parentPort && job?.role === PAGES_ROLE) {
  const port = parentPort;
  const fetchPage = pageFetcher(job.query);
  port.on('message', async ({ url }: PageRequest) => {
    let message: PageMessage;
    try {
      const page = await fetchPage(new URL(url));
      message = { bytes: page.bytes, url: page.url.href };
    } catch (error) {
      const { name, message: text, stack } = error as Error;
      message = { error: { lrs: error instanceof LrsError, name, message: text, ...(stack ? { stack } : {}) } };
    }
    port.postMessage(message, 'bytes' in message ? [message.bytes.buffer as ArrayBuffer] : []);
  });
}

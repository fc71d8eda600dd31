// The statements of an LRS's pages for `analyze --lrs`, page by page, fetched by a thread of their own
// (lrs-pages-worker.ts) while this thread parses and checks the pages before: on one thread, fetching took
// some 2 s of 100,000 learners' 9–10 s, spent between the pages' parsing and checking.
import { Worker } from 'node:worker_threads';
import { LrsError, type LrsQuery } from '../lib/import/lrs-paging.ts';

/** Marks the job of lrs-pages-worker.ts, so that the file does nothing in any other thread that loads it. */
export const PAGES_ROLE = 'lrs-pages';

/** What the CLI gives the thread (workerData). */
export interface PagesJob {
  role: typeof PAGES_ROLE;
  query: Omit<LrsQuery, 'fetch'>;
  /** Pages handed over and not yet taken, at most. */
  pagesAhead: number;
}

/** What the thread sends: a page's text, the end, or why it stopped (an LrsError's message is for the user). */
export type PageMessage = { page: string } | { done: true } | { error: { lrs: boolean; name: string; message: string; stack?: string } };

/**
 * Pages fetched and not yet taken, at most. With the page being read here and the one the thread fetches
 * meanwhile (and holds while it waits), a few pages are in memory at once: 1 keeps that to the fewest
 * without making this thread wait.
 */
export const PAGES_AHEAD = 1;

/** The worker's file beside this one: the bundle's (.mjs, tools/build-cli.mjs) or the TypeScript source's. */
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './lrs-pages-worker.ts' : './lrs-pages-worker.mjs', import.meta.url);

export type StartPagesWorker = (job: PagesJob) => Worker;
const startWorker: StartPagesWorker = (job) => new Worker(WORKER, { workerData: job });

/** The error the thread sent, as this thread throws it: an LrsError (for the user) or the thread's own, stack kept. */
function errorOf({ lrs, name, message, stack }: Extract<PageMessage, { error: unknown }>['error']): Error {
  if (lrs) return new LrsError(message);
  const error = new Error(message);
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}

/**
 * Each page's statements, as statementPages gives them, with the same errors (an LrsError for what the LRS
 * did) at the same page. The thread ends when the pages end, on an error, or when the caller stops early.
 */
export async function* statementPagesInThread(query: Omit<LrsQuery, 'fetch'>, start: StartPagesWorker = startWorker): AsyncGenerator<unknown[]> {
  const worker = start({ role: PAGES_ROLE, query, pagesAhead: PAGES_AHEAD });
  const inbox: PageMessage[] = [];
  let failed: Error | null = null;
  let arrived: (() => void) | null = null;
  const wake = () => {
    arrived?.();
    arrived = null;
  };
  worker.on('message', (message: PageMessage) => {
    inbox.push(message);
    wake();
  });
  worker.on('error', (error) => {
    failed = new Error(`the thread that fetches the LRS's pages failed: ${error.message}`);
    wake();
  });
  worker.on('exit', (code) => {
    failed ??= new Error(`the thread that fetches the LRS's pages stopped (exit code ${code})`);
    wake();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && failed === null) await new Promise<void>((resolve) => (arrived = resolve));
      const message = inbox.shift();
      if (!message) throw failed!;
      if ('done' in message) return;
      if ('error' in message) throw errorOf(message.error);
      worker.postMessage('taken'); // the thread may fetch the next page meanwhile
      // Parsed again here: passing the parsed statements between threads would cost as much as parsing.
      yield (JSON.parse(message.page) as { statements: unknown[] }).statements;
    }
  } finally {
    await worker.terminate();
  }
}

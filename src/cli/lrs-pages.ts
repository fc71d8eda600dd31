// The statements of an LRS's pages for `analyze --lrs`, page by page, fetched by a thread of their own
// (lrs-pages-worker.ts) while this thread reads and checks the pages before: on one thread, fetching took
// some 2 s of 100,000 learners' 9–10 s, spent between the pages' parsing and checking. The thread only
// fetches: each page is parsed once, here (parsing it there too, to follow its `more` link, cost a core
// about 5 s of 100,000 learners).
import { Worker } from 'node:worker_threads';
import { LrsError, statementPages, type LrsQuery, type PageFetcher } from '../lib/import/lrs-paging.ts';

/** Marks the job of lrs-pages-worker.ts, so that the file does nothing in any other thread that loads it. */
export const PAGES_ROLE = 'lrs-pages';

/** What the CLI gives the thread (workerData). */
export interface PagesJob {
  role: typeof PAGES_ROLE;
  query: Omit<LrsQuery, 'fetch'>;
}

/** What the CLI asks the thread for: the page at this address. */
export interface PageRequest {
  url: string;
}

/** What the thread sends back: the page's bytes and the address that sent them, or why not (an LrsError's message is for the user). */
export type PageMessage = { bytes: Uint8Array; url: string } | { error: { lrs: boolean; name: string; message: string; stack?: string } };

/** The worker's file beside this one: the bundle's (.mjs, tools/build-cli.mjs) or the TypeScript source's. */
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './lrs-pages-worker.ts' : './lrs-pages-worker.mjs', import.meta.url);

export type StartPagesWorker = (job: PagesJob) => Worker;
/** A thread's failure before statementPagesInThread listened for it (the CLI starts the thread early). */
const failedEarly = new WeakMap<Worker, Error>();

/**
 * A thread started before the pull listens to it (the CLI starts it before its library loads, so it is
 * ready when the pull begins): a failure meanwhile is kept for statementPagesInThread, not thrown (an
 * 'error' no one listens to would end the CLI with a stack trace; an exit would go unseen).
 */
export function keepEarlyFailure(worker: Worker): Worker {
  const keep = (error: Error) => {
    if (!failedEarly.has(worker)) failedEarly.set(worker, error);
  };
  worker.on('error', (error) => keep(threadFailed(error)));
  worker.on('exit', (code) => keep(threadStopped(code)));
  return worker;
}

/** The thread, started, its failures kept until the pull listens (keepEarlyFailure). */
export const startPagesWorker: StartPagesWorker = (job) => keepEarlyFailure(new Worker(WORKER, { workerData: job }));

const threadFailed = (error: Error) => new Error(`the thread that fetches the LRS's pages failed: ${error.message}`);
const threadStopped = (code: number) => new Error(`the thread that fetches the LRS's pages stopped (exit code ${code})`);

/** The error the thread sent, as this thread throws it: an LrsError (for the user) or the thread's own, stack kept. */
function errorOf({ lrs, name, message, stack }: Extract<PageMessage, { error: unknown }>['error']): Error {
  if (lrs) return new LrsError(message);
  const error = new Error(message);
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}

/**
 * Each page's statements, as statementPages gives them on one thread, with the same errors (an LrsError for
 * what the LRS did) at the same page. The thread ends when the pages end, on an error, or when the caller
 * stops early.
 */
export async function* statementPagesInThread(query: Omit<LrsQuery, 'fetch'>, start: StartPagesWorker = startPagesWorker): AsyncGenerator<unknown[]> {
  const worker = start({ role: PAGES_ROLE, query });
  // statementPages asks for one page at a time (the next while the caller reads this one).
  let waiting: { resolve: (message: PageMessage) => void; reject: (error: Error) => void } | null = null;
  let failed: Error | null = failedEarly.get(worker) ?? null;
  const fail = (error: Error) => {
    failed ??= error;
    waiting?.reject(failed);
    waiting = null;
  };
  worker.on('message', (message: PageMessage) => {
    if (waiting) waiting.resolve(message);
    // Unasked, only an error is expected (a thread that failed at once); a page would answer no request.
    else if ('error' in message) fail(errorOf(message.error));
    else fail(new Error("the thread that fetches the LRS's pages sent a page no one asked for"));
    waiting = null;
  });
  worker.on('error', (error) => fail(threadFailed(error)));
  worker.on('exit', (code) => fail(threadStopped(code)));
  const fetchPage: PageFetcher = async (url) => {
    const message = await new Promise<PageMessage>((resolve, reject) => {
      if (failed) return reject(failed);
      waiting = { resolve, reject };
      worker.postMessage({ url: url.href } satisfies PageRequest);
    });
    if ('error' in message) throw errorOf(message.error);
    return { bytes: message.bytes, url: new URL(message.url) };
  };
  try {
    yield* statementPages(query, fetchPage);
  } finally {
    await worker.terminate();
  }
}

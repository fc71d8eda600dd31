// The statements of an LRS's pages for `analyze --lrs`, page by page, fetched by a thread of their own
// (lrs-pages-worker.ts) while this thread parses and checks the pages before: on one thread, fetching took
// some 2 s of 100,000 learners' 9–10 s, spent between the pages' parsing and checking.
import { Worker } from 'node:worker_threads';
import { LrsError, type LrsQuery } from '../lib/import/lrs-client.ts';
import type { PageMessage } from './lrs-pages-worker.ts';

/** The worker's file beside this one: the bundle's (.mjs, tools/build-cli.mjs) or the TypeScript source's. */
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './lrs-pages-worker.ts' : './lrs-pages-worker.mjs', import.meta.url);

/**
 * Each page's statements, as statementPages gives them, with the same errors (an LrsError for what the LRS
 * did) at the same page. The thread stops when the pages end, on an error, or when the caller stops early.
 */
export async function* statementPagesInThread(query: Omit<LrsQuery, 'fetch'>): AsyncGenerator<unknown[]> {
  const worker = new Worker(WORKER, { workerData: query });
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
    failed = error;
    wake();
  });
  worker.on('exit', (code) => {
    failed ??= new Error(`the thread fetching the LRS's pages stopped (exit code ${code})`);
    wake();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && failed === null) await new Promise<void>((resolve) => (arrived = resolve));
      const message = inbox.shift();
      if (!message) throw failed!;
      if ('done' in message) return;
      if ('error' in message) throw message.lrs ? new LrsError(message.error) : new Error(message.error);
      worker.postMessage('taken'); // the thread may fetch the next page meanwhile
      // Parsed again here: passing the parsed statements between threads would cost as much as parsing.
      yield (JSON.parse(message.page) as { statements: unknown[] }).statements;
    }
  } finally {
    await worker.terminate();
  }
}

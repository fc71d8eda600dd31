// `analyze --lrs` fetches the LRS's pages in a thread of their own (src/cli/lrs-pages.ts): the pages come
// out as statementPages gives them on one thread, with the same errors, never more than one page ahead
// of what was taken, and the thread ends when the caller stops early.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { statementPages } from '../../src/lib/import/lrs-paging.ts';
import { keepEarlyFailure, statementPagesInThread } from '../../src/cli/lrs-pages.ts';
import { startStatementServer, type StatementServer } from '../fixtures/lrs/statement-server.ts';

const PAGES = 12;
let lrs: StatementServer;
beforeAll(async () => {
  lrs = await startStatementServer({
    statements: Array.from({ length: PAGES }, (_, i) => ({ id: `s${i + 1}`, n: i + 1 })),
    pageSize: 1,
    // Page 5 of the "broken" activity is not JSON.
    answer: (url, from) => (from === 4 && url.searchParams.get('activity') === 'broken' ? { status: 200, body: '<html>oops</html>' } : undefined),
  });
});
afterAll(() => lrs.close());

const query = (activity = 'a') => ({ endpoint: lrs.endpoint, activity, key: 'key', secret: 'secret' });
const all = async (pages: AsyncIterable<unknown[]>) => {
  const out: unknown[][] = [];
  for await (const page of pages) out.push(page);
  return out;
};
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('statementPagesInThread', () => {
  it('gives every page as statementPages does on one thread', async () => {
    const inThread = await all(statementPagesInThread(query()));
    expect(inThread).toHaveLength(PAGES);
    expect(inThread).toEqual(await all(statementPages(query())));
  });

  it('fetches only one page ahead of those taken, and ends its thread when the caller stops', async () => {
    lrs.requests.length = 0;
    let thread: Worker | null = null;
    const pages = statementPagesInThread(
      query(),
      (job) => (thread = new Worker(new URL('../../src/cli/lrs-pages-worker.ts', import.meta.url), { workerData: job })),
    );
    expect((await pages.next()).value).toEqual([{ id: 's1', n: 1 }]);
    const ended = new Promise((done) => thread!.once('exit', done));
    // The page taken, and the one asked for meanwhile; no more however long the caller takes.
    await vi.waitFor(() => expect(lrs.requests.length).toBe(2), { timeout: 10_000 });
    await pause(300);
    expect(lrs.requests.length).toBe(2);
    await pages.return(undefined);
    await ended;
    expect(lrs.requests.length).toBeLessThan(PAGES);
  });

  it('says what went wrong when the thread fails: its own error as it was, or that it could not start', async () => {
    const sending = (error: object) => () =>
      new Worker(`require('node:worker_threads').parentPort.postMessage({ error: ${JSON.stringify(error)} })`, { eval: true });
    const thrown = await all(
      statementPagesInThread(
        query(),
        sending({ lrs: false, name: 'TypeError', message: 'x is not a function', stack: 'TypeError: x is not a function\n    at page (lrs-paging.ts:1:1)' }),
      ),
    ).catch((error: Error) => error);
    expect(thrown).toMatchObject({ name: 'TypeError', message: 'x is not a function', stack: expect.stringContaining('at page (lrs-paging.ts:1:1)') });
    const broken = await all(statementPagesInThread(query(), () => new Worker('throw new Error("cannot load")', { eval: true }))).catch(
      (error: Error) => error.message,
    );
    expect(broken).toBe("the thread that fetches the LRS's pages failed: cannot load");
  });

  it('a thread started early (before the pull listens) that fails meanwhile: the pull says so, nothing is thrown unheard', async () => {
    const early = keepEarlyFailure(new Worker('throw new Error("cannot load")', { eval: true }));
    await new Promise((done) => early.once('exit', done));
    const message = await all(statementPagesInThread(query(), () => early)).catch((error: Error) => error.message);
    expect(message).toBe("the thread that fetches the LRS's pages failed: cannot load");
    const stopped = keepEarlyFailure(new Worker('process.exit(3)', { eval: true }));
    await new Promise((done) => stopped.once('exit', done));
    expect(await all(statementPagesInThread(query(), () => stopped)).catch((error: Error) => error.message)).toBe(
      "the thread that fetches the LRS's pages stopped (exit code 3)",
    );
  });

  it('stops at the page the LRS got wrong, with the message statementPages gives', async () => {
    const message = await all(statementPages(query('broken'))).catch((error: Error) => error.message);
    expect(message).toMatch(/not JSON/);
    const pages: unknown[][] = [];
    const failure = await (async () => {
      for await (const page of statementPagesInThread(query('broken'))) pages.push(page);
    })().catch((error: Error) => error);
    expect((failure as Error).message).toBe(message);
    expect((failure as Error).constructor.name).toBe('LrsError');
    expect(pages).toHaveLength(4);
    const refused = await all(statementPagesInThread({ ...query(), secret: 'wrong' })).catch((error: Error) => error.message);
    expect(refused).toMatch(/refused the credentials \(HTTP 401\)/);
  });
});

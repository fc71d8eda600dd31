// Reading an LRS's statements page by page, as the xAPI statement resource serves them (`more` links), with
// every check on the pages and links. Kept apart from the records (lrs-client.ts) so that the thread which
// fetches pages for the CLI (src/cli/lrs-pages-worker.ts) loads this alone, not the record schemas.
// Credentials are given by the caller (the CLI reads LRS_KEY and LRS_SECRET from the environment) and
// never appear in a message. Works with any fetch (Node's, the browser's, a test's).
import { SUBMITTED_VERB } from '../records/xapi-vocabulary.ts';
import { formatBytes, formatCount } from './limits.ts';
import { basicAuthorization, checkLrsEndpoint, endpointOfStatements, LOCAL_HOST_NAMES } from '../util/lrs-address.ts';

export interface LrsQuery {
  /** The LRS's xAPI endpoint, e.g. https://lrs.example.org/xapi/ */
  endpoint: string;
  /** The activity (AU or course IRI) whose statements to read; related activities included. */
  activity: string;
  /** Only statements stored since this time (ISO 8601). */
  since?: string;
  key: string;
  secret: string;
  /** Statements per page asked for (the LRS may send fewer). */
  limit?: number;
  /** Largest page read (default MAX_PAGE_BYTES). */
  maxPageBytes?: number;
  /** Most pages read (default MAX_PAGES). */
  maxPages?: number;
  fetch?: typeof fetch;
}

export class LrsError extends Error {}

/** A URL as it may be shown: no user name or password in it. */
export function shownUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return `${copy.origin}${copy.pathname}`;
}

/**
 * The first page's address: the endpoint's statement resource, asked for the submitted statements about the
 * activity. The endpoint must be https (http only on this machine, for tests: the credentials go with every
 * request), hold no credentials, query or fragment (lrs-address.ts).
 */
export function firstPageUrl(q: LrsQuery): URL {
  const { url: base, problem } = checkLrsEndpoint(q.endpoint);
  if (problem === 'not-an-address')
    throw new LrsError(`"${q.endpoint.slice(0, 100)}" is not an LRS address (give the xAPI endpoint, e.g. https://lrs.example.org/xapi/)`);
  if (problem === 'credentials') throw new LrsError('put the LRS credentials in LRS_KEY and LRS_SECRET, not in the address');
  if (problem === 'not-https') {
    throw new LrsError(
      `the LRS address must start with https:// (got ${base!.protocol}//${base!.host}): the credentials go with every request; http:// is accepted only for ${LOCAL_HOST_NAMES}, for tests`,
    );
  }
  if (problem === 'query')
    throw new LrsError('the LRS address must not have a query (?…) or fragment (#…): give the xAPI endpoint itself, e.g. https://lrs.example.org/xapi/');
  if (problem === 'statements')
    throw new LrsError(
      `give the xAPI endpoint without "statements" at the end (e.g. ${endpointOfStatements(base!)}): the statements are read from its "statements" resource`,
    );
  const url = new URL('statements', base!);
  url.searchParams.set('verb', SUBMITTED_VERB.id);
  url.searchParams.set('activity', q.activity);
  url.searchParams.set('related_activities', 'true');
  url.searchParams.set('limit', String(q.limit ?? PAGE_LIMIT));
  if (q.since) url.searchParams.set('since', q.since);
  return url;
}

/** Statements asked for per page (the LRS may send fewer). */
export const PAGE_LIMIT = 500;

/** A page of statements is a few megabytes (500 statements, each a record of a few kilobytes): more is not one. */
export const MAX_PAGE_BYTES = 64 * 1024 * 1024;
/** Empty pages in a row that still point to more: an LRS that pages on without end is stopped. */
export const MAX_EMPTY_PAGES = 20;
/** Pages in all: 50,000 pages of 500 statements are 25 million, far past what one analysis takes. */
export const MAX_PAGES = 50_000;
/** A `more` link longer than this is not one (every link followed is kept, to stop a loop). */
export const MAX_MORE_CHARS = 8_192;
/** Redirects followed for one page, within the LRS's origin (an LRS that moved a path; more is a loop). */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Why a link the LRS gave (a redirect's Location, a `more` link) is not followed, or null when it may be: the
 * credentials go with every request, so only to the origin (scheme, host and port) they were given for. An
 * origin is never a secret and holds no user name or password (URL.origin leaves them out).
 */
function leavesOrigin(next: URL, origin: string, what: string): LrsError | null {
  if (next.origin !== origin) {
    return new LrsError(
      `${what} points to another origin (${next.origin}, not the LRS's ${origin}); not followed, so the LRS credentials are not sent there. If the LRS has moved, give its new address with --lrs`,
    );
  }
  if (next.username || next.password) return new LrsError(`${what} holds a user name or password (${shownUrl(next)}); not followed`);
  return null;
}

/** The response's body, refused past `max` bytes (read as it arrives, not all first). */
async function cappedBytes(response: Response, max: number, url: URL): Promise<Uint8Array> {
  const tooLarge = () => new LrsError(`the LRS sent a page of more than ${formatBytes(max)} for ${shownUrl(url)}; not read`);
  if (Number(response.headers.get('content-length') ?? 0) > max) throw tooLarge();
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  // One buffer of its own (it may be handed to another thread whole).
  const body = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** A page's body as the LRS sent it, and the address that sent it (after redirects within the LRS's origin). */
export interface PageBody {
  bytes: Uint8Array;
  url: URL;
}

/** Fetches the page at an address: every check on the request and the response, none on what the page says. */
export type PageFetcher = (url: URL) => Promise<PageBody>;

/**
 * The fetcher of the query's pages: the credentials go with each request; redirects are followed within
 * the LRS's origin only (at most MAX_REDIRECTS); refused credentials, other failures and pages over the
 * size limit are LrsErrors.
 */
export function pageFetcher(q: LrsQuery): PageFetcher {
  const doFetch = q.fetch ?? fetch;
  const auth = basicAuthorization(q.key, q.secret);
  const origin = firstPageUrl(q).origin;
  /**
   * The response to a request for `asked`, following redirects within the LRS's origin only, and the
   * address that answered. fetch's own following would send the request on to another origin too (Node's
   * drops the Authorization header there, but the page it gets is read as the LRS's), so redirects are
   * taken in hand ('manual').
   */
  const fetchFollowing = async (asked: URL): Promise<{ response: Response; url: URL }> => {
    let url = asked;
    for (let redirects = 0; ; redirects++) {
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3', Accept: 'application/json' },
          redirect: 'manual',
        });
      } catch (error) {
        // fetch's own message is only "fetch failed"; the cause says why (refused, reset, unknown host…).
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new LrsError(`the LRS at ${shownUrl(url)} could not be reached (${(error as Error).message}${cause ? `: ${cause.code ?? cause.message}` : ''})`);
      }
      // A browser's fetch hides where a redirect goes ('opaqueredirect'): it cannot be checked, so it is not followed.
      if (response.type === 'opaqueredirect')
        throw new LrsError(`the LRS redirected the request for ${shownUrl(url)} to an address that cannot be checked; not followed`);
      if (!REDIRECT_STATUSES.has(response.status)) return { response, url };
      await response.body?.cancel();
      const location = response.headers.get('location');
      let next: URL | null = null;
      try {
        next = location ? new URL(location, url) : null;
      } catch {
        next = null;
      }
      if (!next) throw new LrsError(`the LRS answered HTTP ${response.status} (a redirect) for ${shownUrl(url)} without an address to go to`);
      const refused = leavesOrigin(next, origin, `the LRS's redirect (HTTP ${response.status}) for ${shownUrl(url)}`);
      if (refused) throw refused;
      if (redirects >= MAX_REDIRECTS) {
        throw new LrsError(`the LRS redirected the request for ${shownUrl(asked)} more than ${MAX_REDIRECTS} times (the last to ${shownUrl(next)}); stopped`);
      }
      url = next;
    }
  };
  return async (asked) => {
    // Only the LRS's origin gets the credentials, whoever asks (statementPages checks each `more` link too).
    const refused = leavesOrigin(asked, origin, 'the page asked for');
    if (refused) throw refused;
    const { response, url } = await fetchFollowing(asked);
    if (response.status === 401 || response.status === 403) {
      throw new LrsError(`the LRS refused the credentials (HTTP ${response.status}): check LRS_KEY and LRS_SECRET`);
    }
    if (!response.ok) throw new LrsError(`the LRS answered HTTP ${response.status} for ${shownUrl(url)}`);
    return { bytes: await cappedBytes(response, q.maxPageBytes ?? MAX_PAGE_BYTES, url), url };
  };
}

const MORE_AT_END = /"more"\s*:\s*"([^"\\]*)"\s*\}\s*$/;
const moreDecoder = new TextDecoder();

/** The "more" link of a page whose JSON ends with it (the last 4 KB looked at, not parsed); else null. */
export function moreLinkAtEnd(bytes: Uint8Array): string | null {
  const link = MORE_AT_END.exec(moreDecoder.decode(bytes.subarray(Math.max(0, bytes.length - 4096))))?.[1];
  return link ? link : null;
}

/**
 * Each page's statements in turn, following `more` until the LRS says there is no more, with every check on
 * the pages and links. The next page is asked for before this one is handed over, so the LRS prepares and
 * sends it while this one is read (one page ahead at most: memory stays bounded by the page size); when the
 * page ends with its "more" link, as LRSs write it, it is asked for before this one is parsed (guessNext),
 * so it may arrive while this one is parsed (two pages' bytes at most).
 * `given` fetches a page (pageFetcher by default; the CLI's fetches in a thread of its own).
 */
export async function* statementPages(q: LrsQuery, given?: PageFetcher): AsyncGenerator<unknown[]> {
  const fetchPage = given ?? pageFetcher(q);
  const seen = new Set<string>();
  const first = firstPageUrl(q);
  const origin = first.origin;
  /** The page a "more" link on the page from `url` points to, with every check on it (null: no more). */
  const nextPage = (more: string | null, url: URL): URL | null => {
    const tooLong = (chars: number) => new LrsError(`the LRS sent a "more" link of ${formatCount(chars)} characters for ${shownUrl(url)}; not followed`);
    if (more && more.length > MAX_MORE_CHARS) throw tooLong(more.length);
    // "more" is relative to the LRS's host; it must stay on the LRS's origin (the credentials go with it).
    let next: URL | null = null;
    try {
      next = more ? new URL(more, url) : null;
    } catch {
      throw new LrsError(`the LRS sent a "more" link that is not an address for ${shownUrl(url)}; not followed`);
    }
    // As kept (percent-encoded, so up to three times the text as sent).
    if (next && next.href.length > MAX_MORE_CHARS) throw tooLong(next.href.length);
    const refused = next && leavesOrigin(next, origin, `the LRS's "more" link on the page of ${shownUrl(url)}`);
    if (refused) throw refused;
    if (next && seen.has(next.href)) throw new LrsError(`the LRS sent the same "more" link twice (${shownUrl(next)}); stopped to avoid a loop`);
    return next;
  };
  const readPage = ({ bytes, url }: PageBody): { statements: unknown[]; next: URL | null } => {
    let page: { statements?: unknown; more?: unknown };
    try {
      page = JSON.parse(new TextDecoder().decode(bytes)) as typeof page;
    } catch {
      throw new LrsError(`the LRS sent something that is not JSON for ${shownUrl(url)}`);
    }
    if (!Array.isArray(page?.statements)) throw new LrsError(`the LRS sent no statement list for ${shownUrl(url)}`);
    const next = nextPage(typeof page.more === 'string' && page.more !== '' ? page.more : null, url);
    if (next) seen.add(next.href);
    return { statements: page.statements, next };
  };
  /**
   * The next page, asked for before this one is parsed when its "more" link ends it (as LRSs write it), so
   * the LRS sends it meanwhile; null when there is none to guess, or the guess fails a check (the parsed
   * link then says why). It is used only when the parsed link is the same.
   */
  const guessNext = (body: PageBody): { url: URL; page: Promise<PageBody> } | null => {
    let url: URL | null;
    try {
      url = nextPage(moreLinkAtEnd(body.bytes), body.url);
    } catch {
      return null;
    }
    if (!url) return null;
    const page = fetchPage(url);
    page.catch(() => undefined);
    return { url, page };
  };
  seen.add(first.href);
  let pending: Promise<PageBody> | null = fetchPage(first);
  let empty = 0;
  let pages = 0;
  const maxPages = q.maxPages ?? MAX_PAGES;
  while (pending) {
    const body: PageBody = await pending;
    // Not past the limit on pages: the guess would be one request more than the loop allows.
    const ahead = pages + 1 < maxPages ? guessNext(body) : null;
    const { statements, next } = readPage(body);
    empty = statements.length ? 0 : empty + 1;
    if (next && ++pages >= maxPages) {
      throw new LrsError(
        `the LRS sent ${formatCount(maxPages)} pages and still pointed to more (the last: ${shownUrl(next)}); stopped. Narrow the query (--since, or one AU's --activity)`,
      );
    }
    if (next && empty >= MAX_EMPTY_PAGES) {
      throw new LrsError(
        `the LRS sent ${MAX_EMPTY_PAGES} empty pages in a row, each with a "more" link (the last: ${shownUrl(next)}); stopped to avoid a loop`,
      );
    }
    if (ahead && ahead.url.href !== next?.href) {
      // A wrong guess: its answer is let go before the right page is asked for (one request at a time).
      await ahead.page.catch(() => undefined);
    }
    pending = next ? (ahead?.url.href === next.href ? ahead.page : fetchPage(next)) : null;
    // A failure of the next page surfaces when it is awaited, not as an unhandled rejection meanwhile.
    pending?.catch(() => undefined);
    yield statements;
  }
}
